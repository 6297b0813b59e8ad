using Netstate.Core.Model;
using S = Netstate.Core.Kernel.TcpSettings;

namespace Netstate.Core.Tcp;

/// <summary>
/// The explanation of every state. Facts are checked against RFC 9293 and the Linux TCP code
/// (net/ipv4/tcp*.c, inet_diag.c, Documentation/networking/ip-sysctl.rst); where popular articles
/// say otherwise, the myth is named and corrected.
/// </summary>
public static class TcpStateCatalogue
{
    private static readonly TcpStateInfo[] ByState = Build();

    /// <summary>Every state of the model, in <see cref="TcpStateMachine.States"/> order.</summary>
    public static IReadOnlyList<TcpStateInfo> All { get; } = TcpStateMachine.States.Select(s => ByState[(int)s]).ToArray();

    /// <summary>The description of <paramref name="state"/>; throws for <see cref="TcpState.Unknown"/> and values outside the model.</summary>
    public static TcpStateInfo Of(TcpState state) =>
        (int)state < ByState.Length && ByState[(int)state] is { } info
            ? info
            : throw new ArgumentOutOfRangeException(nameof(state), state, "not a state of the model");

    private static TcpStateInfo[] Build()
    {
        TcpStateInfo[] all =
        [
            Closed(), BoundInactive(), Listen(), SynSent(), SynRecv(), NewSynRecv(), Established(),
            FinWait1(), FinWait2(), Closing(), TimeWait(), CloseWait(), LastAck(),
        ];
        var byState = new TcpStateInfo[all.Max(i => (int)i.State) + 1];
        foreach (TcpStateInfo info in all)
            byState[(int)info.State] = info;
        return byState;
    }

    private static TcpStateInfo Closed() => new(TcpState.Close,
        "No connection: where every socket starts and every connection ends.",
        new TcpExplanation
        {
            Meaning = """
                CLOSED means there is no connection. RFC 9293 draws it as the start and the end of the
                diagram. On Linux a socket that reaches it is taken out of the kernel's connection tables
                straight away, so listings hardly ever show it; netstat calls it CLOSE and ss calls it UNCONN.
                """,
            Who = "Every socket, on both sides: before it opens and after it has closed.",
            Enters = """
                A new socket starts here. A connection comes back here when TIME_WAIT runs out (the side that
                closed first), when LAST_ACK gets its final ACK (the side that closed second), when a reset
                (RST) arrives in any state, when connect() gives up, when an orphaned FIN_WAIT2 connection
                times out, and when a program closes its listener.
                """,
            Leaves = """
                listen() turns it into LISTEN. connect() sends a SYN and turns it into SYN_SENT. bind() alone
                reserves a port without changing the TCP state; sock_diag reports such sockets as BOUND_INACTIVE.
                """,
            Normal = "None, or a few that vanish at once.",
            Alarming = """
                Nothing about this state itself. What matters is how connections got here: many resets (the
                RST counters of netstat -s) mean refused connections or programs aborting them.
                """,
            Causes = """
                The normal end of every connection; a refused connection (a reset in answer to the SYN); a
                program aborting a connection (SO_LINGER with a zero timeout sends a reset); a timeout.
                """,
            WhatToDo = """
                Nothing. To find sockets that hold a port without listening or connecting, use
                netstate explain bound-inactive.
                """,
        });

    private static TcpStateInfo BoundInactive() => new(TcpState.BoundInactive,
        "Bound to a port, but neither listening nor connecting (seen over netlink only).",
        new TcpExplanation
        {
            Meaning = """
                Not a TCP state but a label the kernel's sock_diag interface (Linux 6.8 and later) uses to list
                sockets that called bind() and then neither listen() nor connect(). Their TCP state is still
                CLOSED, but they hold their port: another bind() to it fails with 'Address already in use'.
                /proc/net/tcp does not list them, so netstat cannot see them; ss shows them with
                --bound-inactive (as UNCONN).
                """,
            Who = "Either side, between bind() and listen() (a server) or bind() and connect() (a client that picks its own source port).",
            Enters = "bind() on a new TCP socket.",
            Leaves = "listen() moves it to LISTEN; connect() sends a SYN and moves it to SYN_SENT; close() frees the port.",
            Normal = "None, or a few that last an instant.",
            Alarming = """
                Ones that stay: a program bound a port and never used it, so the port is taken although
                nothing listens on it. This is the classic 'Address already in use' with nothing in LISTEN.
                """,
            Causes = """
                A program that failed between bind() and listen() but kept the socket open; a client that
                binds before connecting (to choose its address or port) and then stalls.
                """,
            WhatToDo = """
                netstate counts these sockets only when it reads the kernel over netlink. Find the owner with
                ss -tanp --bound-inactive, then fix or restart that program.
                """,
            Settings = [S.LocalPortRange],
        });

    private static TcpStateInfo Listen() => new(TcpState.Listen,
        "A server socket waiting for connections (listen()).",
        new TcpExplanation
        {
            Meaning = """
                The socket accepts new connections on its address and port. It never carries data itself:
                each finished handshake creates a new ESTABLISHED socket, which waits in the listener's accept
                queue until the program calls accept(). For a listener, Recv-Q is the number of connections
                waiting in that queue; ss also shows the queue's limit, as Send-Q.
                """,
            Who = "The passive opener: the server.",
            Enters = "listen() on a socket, usually after bind() has given it an address and port.",
            Leaves = """
                close() (or the program's exit) returns it to CLOSED; connections still waiting in its queues
                are reset. RFC 9293 also lets a listener send data and so become an active opener (LISTEN to
                SYN_SENT), but the sockets API has no call for that.
                """,
            Normal = """
                One listener per service address and port (one per worker with SO_REUSEPORT), with a Recv-Q
                of 0 or close to it.
                """,
            Alarming = """
                A Recv-Q near the backlog: the program does not call accept() fast enough. When the queue is
                full, the kernel drops new handshakes (ListenOverflows and ListenDrops grow in netstat -s) and
                clients see slow or failed connects. Also a listener you did not expect, or one on 0.0.0.0 that
                should be on 127.0.0.1: that is a security question.
                """,
            Causes = """
                A service started. A filling queue: a blocked or overloaded accept loop, a small backlog passed
                to listen() (it is capped by net.core.somaxconn), a burst of new connections.
                """,
            WhatToDo = """
                Check who owns it with netstate -tlnp. If Recv-Q stays high, look at the program's accept loop
                and worker pool first; raise the listen() backlog in the program together with
                net.core.somaxconn, and watch ListenOverflows.
                """,
            Myths =
            [
                new("Raising net.core.somaxconn enlarges every listener's queue.",
                    "It is only a ceiling: each program still asks for its own backlog in listen(), and gets the smaller of the two."),
            ],
            Settings = [S.SoMaxConn, S.MaxSynBacklog, S.SynCookies, S.AbortOnOverflow],
        });

    private static TcpStateInfo SynSent() => new(TcpState.SynSent,
        "A client sent its SYN (connect()) and waits for the answer.",
        new TcpExplanation
        {
            Meaning = """
                The program called connect(); the kernel sent a SYN and waits for the server's SYN-ACK. If
                nothing comes back it sends the SYN again, waiting twice as long each time (1 s, 2 s, 4 s, ...),
                up to tcp_syn_retries times.
                """,
            Who = "The active opener: the client.",
            Enters = "connect() on a new (or only bound) socket.",
            Leaves = """
                The SYN-ACK arrives: it answers with an ACK and becomes ESTABLISHED. A bare SYN arrives instead
                (both ends connected to each other at once, a simultaneous open): it answers SYN-ACK and moves
                to SYN_RECV. A reset arrives (nothing listens on that port): CLOSED, and connect() fails with
                'Connection refused'. No answer after the last retry, or the program gives up: CLOSED, with
                'Connection timed out'.
                """,
            Normal = "Short-lived: about one round trip. A few at a time on a busy client.",
            Alarming = """
                Many, or ones that last: the destination is down, unreachable, or behind a firewall that drops
                SYNs without answering (one that rejects would answer at once). Many SYN_SENT sockets from one
                program towards many different addresses can be a scanner or malware.
                """,
            Causes = """
                A server that is down or overloaded (a listener with a full queue ignores SYNs), a firewall or
                security group that drops them, a wrong address, a routing problem.
                """,
            WhatToDo = """
                Look at the remote addresses (netstate -tanp, lines in SYN_SENT): one destination or many? Test
                that address and port from this host. Give programs their own connect timeout rather than
                relying on the kernel's two minutes; lower tcp_syn_retries only if every program here should
                give up sooner.
                """,
            Settings = [S.SynRetries, S.LocalPortRange],
        });

    private static TcpStateInfo SynRecv() => new(TcpState.SynRecv,
        "A server received a SYN, answered SYN-ACK, and waits for the final ACK.",
        new TcpExplanation
        {
            Meaning = """
                The middle of the three-way handshake on the server side. On Linux such a half-open connection
                is not a full socket but a small request entry attached to its listener (internally
                NEW_SYN_RECV); netstat, ss and netstate all list it as SYN_RECV, with no owner. A full socket is
                in SYN_RECV only during a simultaneous open or with TCP Fast Open, when the server took data in
                the SYN.
                """,
            Who = "The passive opener (the server); the active opener only in a simultaneous open.",
            Enters = """
                From LISTEN when a SYN arrives (the kernel answers with a SYN-ACK, unless it answers with a SYN
                cookie and keeps nothing); from SYN_SENT when a bare SYN arrives during a simultaneous open.
                """,
            Leaves = """
                The ACK of the SYN-ACK arrives: the connection becomes ESTABLISHED and joins the listener's accept
                queue. No ACK: the SYN-ACK is resent, up to tcp_synack_retries times (about 63 s with the
                default of 5), then the entry is dropped. A reset drops it at once (RFC 9293 returns it to
                LISTEN). Closing it before the handshake ends sends a FIN (to FIN_WAIT1), a case the RFC allows
                and programs rarely meet.
                """,
            Normal = "None to a few, each lasting about one round trip.",
            Alarming = """
                Hundreds or thousands, mostly from addresses that never finish the handshake: a SYN flood, or
                clients whose final ACK gets lost. They also pile up when the listener's accept queue is full,
                because the final ACK is then ignored (with tcp_abort_on_overflow at 0): look for a listener
                whose Recv-Q is at its backlog. The kernel log says 'Possible SYN flooding on port ...' when it
                starts sending SYN cookies.
                """,
            Causes = """
                A SYN flood (often from forged addresses), a firewall dropping the client's ACK, asymmetric
                routing, a full accept queue, or TCP_DEFER_ACCEPT (the server waits for the client's first
                data before finishing the handshake).
                """,
            WhatToDo = """
                Keep tcp_syncookies at 1, the default: when a listener's half-open queue overflows, the kernel
                answers with cookies and keeps no state. For real load, raise the listen() backlog,
                net.core.somaxconn and tcp_max_syn_backlog. Count SYN_RECV per remote address: many sources with
                one connection each suggests forged addresses; a few sources suggests lost ACKs.
                """,
            Myths =
            [
                new("tcp_max_syn_backlog sets the size of the SYN queue.",
                    "A listener's half-open queue is limited by its own listen() backlog (capped by somaxconn); tcp_max_syn_backlog only adds a rule to drop SYNs early when SYN cookies are off."),
            ],
            Settings = [S.SynAckRetries, S.MaxSynBacklog, S.SynCookies, S.SoMaxConn, S.AbortOnOverflow],
        });

    private static TcpStateInfo NewSynRecv() => new(TcpState.NewSynRecv,
        "Linux's own name for a half-open connection; every tool lists it as SYN_RECV.",
        new TcpExplanation
        {
            Meaning = """
                Linux keeps an incoming connection whose handshake is not finished as a small request entry
                rather than a full socket, and marks that entry NEW_SYN_RECV. No tool shows the name:
                /proc/net/tcp and sock_diag both report these entries as SYN_RECV, and netstate counts them
                there. ss refuses it as a filter on purpose.
                """,
            Who = "The passive opener: the server, one entry per client in the middle of its handshake.",
            Enters = "A listener receives a SYN and answers with a SYN-ACK (a SYN cookie answer keeps no entry).",
            Leaves = """
                The final ACK arrives: a full socket is created in ESTABLISHED and queued for accept(). Otherwise
                the SYN-ACK is resent up to tcp_synack_retries times and the entry dropped; a reset drops it too.
                """,
            Normal = "As for SYN_RECV: none to a few, each lasting one round trip.",
            Alarming = "As for SYN_RECV: many entries that never complete (see netstate explain syn-recv).",
            Causes = "As for SYN_RECV: SYN floods, lost ACKs, full accept queues.",
            WhatToDo = "Read netstate explain syn-recv; the numbers netstate shows for SYN_RECV include these entries.",
            Settings = [S.SynAckRetries, S.MaxSynBacklog, S.SynCookies],
        });

    private static TcpStateInfo Established() => new(TcpState.Established,
        "An open connection: data can flow both ways.",
        new TcpExplanation
        {
            Meaning = """
                The handshake is done. Both ends can send and receive, and the connection stays in this state,
                however long it is idle, until one end closes it or it fails.
                """,
            Who = "Both ends, client and server, until one of them starts to close.",
            Enters = """
                The client when the SYN-ACK arrives (it answers with the final ACK); the server when that ACK
                arrives. On the server the new socket then waits in the listener's accept queue until accept().
                """,
            Leaves = """
                This end calls close() or shutdown() for writing: it sends a FIN and moves to FIN_WAIT1 (the
                active close). The peer's FIN arrives: the kernel acknowledges it and the socket moves to
                CLOSE_WAIT (the passive close). A reset, data that stays unacknowledged through tcp_retries2
                resends (about 15 minutes), or failed keepalive probes: CLOSED.
                """,
            Normal = """
                Anything from a few to hundreds of thousands on a busy server. Recv-Q and Send-Q are 0 or small
                most of the time.
                """,
            Alarming = """
                A Recv-Q that stays large: the program does not read what arrived. A Send-Q that stays large:
                the peer or the network does not take the data (look at retransmissions with netstate -o). Many
                idle connections from one program: a connection pool that leaks. A connection to a peer that has
                vanished stays ESTABLISHED for ever if nothing is sent and keepalive is off.
                """,
            Causes = """
                Normal traffic; idle connection pools; clients that open connections without reusing them; a
                peer that disappeared behind a NAT or firewall that forgot the flow.
                """,
            WhatToDo = """
                Group the connections by peer and by program (netstate -tanp). To detect dead peers, turn on
                SO_KEEPALIVE (or TCP_USER_TIMEOUT) in the program and tune the keepalive settings. For a
                Send-Q that does not drain, check the network path and the peer.
                """,
            Myths =
            [
                new("Linux probes idle connections after tcp_keepalive_time.",
                    "Only sockets whose program turned on SO_KEEPALIVE are probed; by default no probe is ever sent, and the first one comes only after two hours of silence."),
            ],
            Settings = [S.KeepaliveTime, S.KeepaliveInterval, S.KeepaliveProbes, S.Retries2],
        });

    private static TcpStateInfo FinWait1() => new(TcpState.FinWait1,
        "This end closed and sent its FIN; it waits for the peer to acknowledge it.",
        new TcpExplanation
        {
            Meaning = """
                The program called close() or shutdown() for writing. The kernel sends a FIN after any data
                still queued, and waits for the ACK of that FIN.
                """,
            Who = "The active closer: the end that closes first, client or server.",
            Enters = "close() or shutdown() for writing in ESTABLISHED (or, rarely, in SYN_RECV).",
            Leaves = """
                The ACK of our FIN arrives: FIN_WAIT2. The peer's FIN arrives before that ACK (both closed at
                once): it answers with an ACK and moves to CLOSING. One segment brings both the peer's FIN and
                the ACK of ours: straight to TIME_WAIT. If nothing comes back, the FIN is resent; a socket its
                program already closed gives up after tcp_orphan_retries resends, one still held after
                tcp_retries2.
                """,
            Normal = "Rare and brief: the ACK normally returns within one round trip.",
            Alarming = """
                Many, or ones that last: the peer is gone or unreachable, or its receive window is zero, so the
                data still queued (and the FIN behind it) cannot be delivered. Most are orphans holding memory;
                past tcp_max_orphans the kernel resets them and logs 'too many orphaned sockets'.
                """,
            Causes = """
                A peer that crashed or went off the network, a broken path, a peer program that stopped reading
                (zero window), a firewall that dropped the flow.
                """,
            WhatToDo = """
                Look at Send-Q (data not yet delivered) and at the peers. A server that closes many connections
                to slow clients can lower tcp_orphan_retries; compare the orphan count (netstate --summary) with
                tcp_max_orphans.
                """,
            Settings = [S.OrphanRetries, S.MaxOrphans, S.Retries2],
        });

    private static TcpStateInfo FinWait2() => new(TcpState.FinWait2,
        "This end's FIN was acknowledged; it waits for the peer's FIN.",
        new TcpExplanation
        {
            Meaning = """
                Half of the connection is closed: this end will send nothing more, but the peer may still send
                data and has not closed its side yet. Meanwhile the peer's socket is in CLOSE_WAIT.
                """,
            Who = "The active closer: the end that closed first.",
            Enters = "From FIN_WAIT1 when the ACK of our FIN arrives.",
            Leaves = """
                The peer's FIN arrives: it answers with an ACK and moves to TIME_WAIT. If the program has already
                closed the socket (an orphan), Linux drops the connection after tcp_fin_timeout seconds (60 by
                default); such sockets show no owner. A socket still held by its program, which only called
                shutdown() for writing, has no timer here and waits as long as the peer keeps its side open.
                """,
            Normal = "A few, briefly: the peer usually closes right after.",
            Alarming = """
                Many that last: peers that never close their side (on the other host those sockets sit in
                CLOSE_WAIT, a bug in the peer program), or peers that vanished before sending their FIN.
                """,
            Causes = """
                The peer program does not close its socket after reading end-of-file; the peer crashed or the
                path broke after it acknowledged our FIN; this program half-closed and then waits without a
                timeout.
                """,
            WhatToDo = """
                Look at the other end: its CLOSE_WAIT sockets point at the program that does not close. Orphans
                clear themselves after tcp_fin_timeout; lowering it frees them sooner. For sockets this program
                still holds after shutdown(), give it a read timeout.
                """,
            Myths =
            [
                new("FIN_WAIT2 has no timeout and stays until the machine reboots.",
                    "Only a socket still held by its program (after shutdown() for writing) waits without limit. Once the program has closed it or exited, Linux drops the connection after tcp_fin_timeout seconds."),
                new("tcp_fin_timeout sets how long TIME_WAIT lasts.",
                    "It only limits orphaned connections in FIN_WAIT2. TIME_WAIT lasts a fixed 60 s on Linux."),
            ],
            Settings = [S.FinTimeout, S.MaxOrphans],
        });

    private static TcpStateInfo Closing() => new(TcpState.Closing,
        "Both ends closed at the same time; waiting for the ACK of our FIN.",
        new TcpExplanation
        {
            Meaning = """
                This end sent a FIN, and before its ACK arrived the peer's FIN came in: both ends are closing at
                once, a simultaneous close. The kernel acknowledged the peer's FIN and waits for the
                acknowledgement of its own.
                """,
            Who = "Both ends of a simultaneous close; each is an active closer and each ends in TIME_WAIT.",
            Enters = "From FIN_WAIT1 when the peer's FIN arrives without acknowledging our FIN.",
            Leaves = """
                The ACK of our FIN arrives: TIME_WAIT. If it never does, our FIN is resent until
                tcp_orphan_retries (orphans) or tcp_retries2 runs out, then CLOSED.
                """,
            Normal = "Rare and short-lived.",
            Alarming = "Many, or ones that last: the ACKs are being lost, usually on a lossy or filtered path.",
            Causes = "Both programs closing at the same moment (protocols where either side may hang up); lost ACKs.",
            WhatToDo = """
                Usually nothing. If they persist, look for packet loss on the path; they are orphans, so
                tcp_orphan_retries bounds how long they stay.
                """,
            Myths =
            [
                new("CLOSING means both sockets are shut down but data is still unsent.",
                    "It means the two FINs crossed on the wire. Unsent data has nothing to do with it."),
            ],
            Settings = [S.OrphanRetries, S.MaxOrphans],
        });

    private static TcpStateInfo TimeWait() => new(TcpState.TimeWait,
        "The end that closed first waits out stray packets before forgetting the connection (60 s on Linux).",
        new TcpExplanation
        {
            Meaning = """
                The connection is over: both FINs were sent and acknowledged. The end that closed first keeps a
                small record of it for a while, for two reasons: if its last ACK was lost, the peer sends its FIN
                again and gets a fresh ACK instead of a reset; and late packets of this connection cannot be
                taken for part of a new connection between the same addresses and ports. RFC 9293 asks for
                twice the maximum segment lifetime; Linux uses a fixed 60 seconds (TCP_TIMEWAIT_LEN, built into
                the kernel).
                """,
            Who = "The active closer: whichever end closed first, client or server.",
            Enters = """
                From FIN_WAIT2 when the peer's FIN arrives (it answers with an ACK); from CLOSING when our FIN is
                acknowledged; straight from FIN_WAIT1 when one segment carries both the peer's FIN and the ACK of
                ours.
                """,
            Leaves = """
                After 60 s it is gone (CLOSED). Sooner if a new outgoing connection takes over its exact addresses
                and ports (tcp_tw_reuse, with timestamps), or if the same peer opens a new connection with a higher
                sequence number or timestamp. When tcp_max_tw_buckets is already reached, a closing connection
                skips TIME_WAIT altogether.
                """,
            Normal = """
                Up to tens of thousands on hosts that make or serve many short connections. Each entry is small:
                no file, no process, no buffers, which is why listings show it without an owner.
                """,
            Alarming = """
                On a client that opens many connections to one server address and port: TIME_WAIT entries
                towards that destination approaching the size of ip_local_port_range (28,232 ports by default).
                Then connect() fails with 'Cannot assign requested address'. Also a total reaching
                tcp_max_tw_buckets ('time wait bucket table overflow' in the kernel log).
                """,
            Causes = """
                Many short connections closed by this end: HTTP without keep-alive, a client that opens a new
                connection per request, a server that closes first.
                """,
            WhatToDo = """
                Reuse connections (keep-alive, pools) instead of opening one per request. On a client, set
                tcp_tw_reuse to 1 so connect() may reuse TIME_WAIT entries safely (it needs tcp_timestamps), widen
                ip_local_port_range, or spread connections over more destination addresses or ports. On a
                server, TIME_WAIT is cheap and harmless; where the protocol allows, let the client close first.
                To restart a server on a port with leftover TIME_WAIT entries, set SO_REUSEADDR on its listener
                (most servers do).
                """,
            Myths =
            [
                new("TIME_WAIT lasts 2 x MSL and tcp_fin_timeout changes it.",
                    "On Linux it lasts a fixed 60 s (TCP_TIMEWAIT_LEN); no setting changes it. tcp_fin_timeout applies to orphaned FIN_WAIT2 connections only."),
                new("Turn on net.ipv4.tcp_tw_recycle to get rid of TIME_WAIT.",
                    "tcp_tw_recycle broke clients behind NAT and was removed in Linux 4.12; the setting no longer exists."),
                new("SO_REUSEADDR makes TIME_WAIT shorter.",
                    "It lets a listener bind its port while old connections on that port are still in TIME_WAIT. The TIME_WAIT entries stay exactly as long as before."),
                new("tcp_tw_reuse helps a server with many TIME_WAIT sockets.",
                    "It applies to outgoing connections (connect()) only, and does nothing for connections a server accepted. Its default, 2, turns it on for loopback traffic only."),
                new("TIME_WAIT on a server stops new clients from connecting.",
                    "New connections come from other client ports and are not affected; even the same address and port pair is accepted again when the new SYN has a higher sequence number or timestamp."),
            ],
            Settings = [S.MaxTwBuckets, S.TwReuse, S.TwReuseDelay, S.Timestamps, S.LocalPortRange],
        });

    private static TcpStateInfo CloseWait() => new(TcpState.CloseWait,
        "The peer closed its side; the program here has not closed its socket yet.",
        new TcpExplanation
        {
            Meaning = """
                The peer sent its FIN and the kernel acknowledged it. The program can read the rest of the data
                and then end-of-file (read() returns 0), but it has not called close(). The kernel never ends this
                state by itself: only the program can.
                """,
            Who = "The passive closer: the end that did not close first.",
            Enters = "From ESTABLISHED when the peer's FIN arrives (the kernel sends the ACK).",
            Leaves = """
                The program calls close() (or exits): the kernel sends a FIN and moves to LAST_ACK. If the program
                writes to a peer that has gone away entirely, the peer answers with a reset and the socket goes to
                CLOSED (the program gets EPIPE or ECONNRESET).
                """,
            Normal = "Few, and brief: a well-written program closes the socket as soon as read() returns 0.",
            Alarming = """
                A count that keeps growing, especially in one process: the program leaks sockets, never closing
                connections the peer has ended. In the end it runs out of file descriptors ('Too many open
                files'). A Recv-Q above 0 shows data the program never read.
                """,
            Causes = """
                A bug: a missing close() on an error path; a connection pool that does not notice the server
                closed its idle connections; a thread stuck elsewhere while holding the socket; code that
                ignores read() returning 0.
                """,
            WhatToDo = """
                Find the owner (netstate -tanp, lines in CLOSE_WAIT) and fix that program so it closes sockets
                when the peer closes them. Restarting the process frees them at once. No kernel setting shortens
                CLOSE_WAIT; keepalive probes (if the program enabled them) only end it when the peer has
                vanished entirely.
                """,
            Myths =
            [
                new("CLOSE_WAIT times out eventually, or tcp_fin_timeout or keepalive tuning clears it.",
                    "The kernel has no timer for CLOSE_WAIT; only the program's close() ends it. tcp_fin_timeout concerns the other end, in FIN_WAIT2."),
            ],
            Settings = [S.KeepaliveTime, S.KeepaliveInterval, S.KeepaliveProbes],
        });

    private static TcpStateInfo LastAck() => new(TcpState.LastAck,
        "The end that closed second sent its FIN and waits for the last ACK.",
        new TcpExplanation
        {
            Meaning = """
                The peer closed first; then the program here closed too, so the kernel sent its own FIN. Once the
                peer acknowledges it, the connection is gone; this end has no TIME_WAIT.
                """,
            Who = "The passive closer: the end that closed second.",
            Enters = "From CLOSE_WAIT when the program calls close().",
            Leaves = """
                The ACK of our FIN arrives: CLOSED. Without it the FIN is resent; the socket is an orphan (its
                program closed it), so it gives up after tcp_orphan_retries resends. A reset also ends it.
                """,
            Normal = "Few, each lasting one round trip.",
            Alarming = "Many: the peer vanished after sending its FIN, or the path drops the returning ACK.",
            Causes = "A peer that crashed or went away, a firewall or NAT that dropped the flow after the peer's FIN, packet loss.",
            WhatToDo = "Usually nothing: they clear after the resends. A server that gathers many can lower tcp_orphan_retries.",
            Settings = [S.OrphanRetries, S.MaxOrphans],
        });
}
