namespace Netstate.Cli.Arguments;

internal static class UsageText
{
    public const string Full = """
        usage: netstate [-vWeenNoplac] [<Socket> ...] [<AF>] [FILTER]
               netstate lab [SCENARIO | --list]   TCP states reproduced step by step (root)
               netstate {-V|--version|-h|--help}
               netstate explain [STATE]   what a TCP state means, with live counts
               netstate who PORT|:PORT|ADDR:PORT|PID|NAME   (see 'netstate who --help')
               netstate watch [-tulx46] [FILTER]   live full-screen view; close connections
               netstate doctor [--json]   diagnoses from live evidence
               netstate serve [--listen ADDR:PORT]   web page, JSON API and Prometheus metrics
               netstate trace [--jsonl] [FILTER]   TCP state changes as they happen (root)
               netstate life [--jsonl] [FILTER]    each TCP connection when it ends (root)
               netstate record [--db FILE]   store changes, lifetimes and counts in SQLite (root)
               netstate history [--db FILE] [--since T] [--until T] [FILTER]   read a recording
               netstate completion bash|zsh|fish   the shell's completion script

        Lists sockets with netstat's flags and netstat's output.

          -a, --all                show listening and non-listening sockets
          -l, --listening          show only listening sockets
          -n, --numeric            don't resolve host, port or user names
              --numeric-hosts      don't resolve host names
              --numeric-ports      don't resolve port names
              --numeric-users      don't resolve user names
          -p, --programs           show the PID/Program name owning each socket
          -e, --extend             show the User and Inode columns
          -o, --timers             show the socket timers
          -W, --wide               don't truncate addresses
          -c, --continuous [SECS]  list again every second (or every SECS)
              --count N            with -c: stop after N listings
          -s, --statistics         the kernel's protocol counters (-st, -su, -sw; -6 for IPv6)
          -v, --verbose            say which source served each table
          -V, --version            show the version
          -h, --help               show this help

          <Socket>  -t|--tcp  -u|--udp  -U|--udplite  -w|--raw  -x|--unix
          <AF>      -4|--inet  -6|--inet6  -A|--protocol inet,inet6,unix

        netstate options:
              --proc-root DIR      read /proc from DIR (or set NETSTATE_PROC_ROOT)
              --resolve-timeout S  give reverse DNS lookups at most S seconds (default 2)
              --summary            socket totals per protocol and family, TCP states
              --source SRC         where sockets are read: auto (netlink, /proc where
                                   netlink has no handler), netlink, or proc
              --filter EXPR        list only the sockets EXPR selects (or give EXPR
                                   after the flags, as with ss)
              --net NS             read network namespace NS: a name (ip netns), a path
                                   such as /run/netns/NAME, or pid:PID (ss -N; root);
                                   also with -s, --summary, -K, who, doctor, explain
              --all-namespaces     every network namespace at once; a Netns column names
                                   each row's (name, container, or net:[inode])
          -K, --kill               close the sockets the filter selects (as ss -K; needs
                                   root) and list those closed; exit 1 if any failed
              --debug              show details of internal errors

        FILTER (docs/filters.md): ss's filters, with not > and > or precedence:
          state STATE | exclude STATE     established, listening, time-wait, ...,
                                          connected, synchronized, bucket, big, all
          sport|dport|port OP PORT        OP: = != < <= > >= (eq ne lt le gt ge)
          src|dst|addr [!=] HOST          10.0.0.1, 10.0.0.0/8:22, [::1]:443, :80, *
          dev IF  fwmark M[/MASK]  cgroup PATH  autobound
          pid OP N  comm|process GLOB  uid|user OP USER  proto tcp|udp|udplite|raw|unix
          netns GLOB (a namespace name, container or net:[inode]; reads every namespace)
          family inet|inet6|unix  inode OP N  queue|recvq|sendq OP BYTES
          joined by and (&, &&, or nothing), or (|, ||), not (!), ( )

        Output:
              --format FMT         netstat (default), ss, json or csv
              --json, --csv        short for --format json, --format csv
              --jsonl              JSON, one document per line (one per listing with -c)
              --info               TCP internals (tcp_info); with --format ss also -i
          -m, --memory             socket memory (skmem)
              --count-by KEYS      count sockets by state, proto, local-port, remote-addr,
                                   remote-port, process, user, netns (comma separated),
                                   largest first
              --top N              with --count-by: only the N largest groups

        Examples:
          netstate -tulpn          listening TCP and UDP sockets with their programs
          netstate -anpo           every socket with owners and timers
          netstate -tan -4         IPv4 TCP connections, numeric
          netstate -tn state established dport = :443
          netstate -tulpn comm 'nginx*'
          netstate -tanpi --format ss   ss's view, with owners and TCP internals
          netstate -tan --count-by state   sockets per TCP state, most first
          netstate --all-namespaces -tlnp  listeners of the host and every container

        Exit status: 0 success, 1 failure (including output that cannot be written), 2 usage
        error, 130 interrupted, 141 the reader of the output went away (-c | head ends at once);
        watch: 129 SIGHUP, 143 SIGTERM (the terminal restored first).

        """;
}
