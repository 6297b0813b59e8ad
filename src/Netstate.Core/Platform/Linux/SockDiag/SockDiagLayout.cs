namespace Netstate.Core.Platform.Linux.SockDiag;

/// <summary>Numbers and sizes from linux/netlink.h, sock_diag.h, inet_diag.h and unix_diag.h.</summary>
internal static class SockDiagLayout
{
    // struct nlmsghdr: u32 len, u16 type, u16 flags, u32 seq, u32 pid.
    internal const int HeaderSize = 16;
    internal const ushort NLMSG_ERROR = 2;
    internal const ushort NLMSG_DONE = 3;
    internal const ushort NLMSG_OVERRUN = 4;
    internal const ushort SOCK_DIAG_BY_FAMILY = 20;
    internal const ushort NLM_F_REQUEST = 0x1;
    internal const ushort NLM_F_DUMP = 0x300;
    internal const ushort NLM_F_DUMP_INTR = 0x10;

    // struct inet_diag_req_v2 (56 bytes) and inet_diag_msg (72 bytes); both embed inet_diag_sockid (48).
    internal const int InetRequestSize = 56;
    internal const int InetMessageSize = 72;

    // struct unix_diag_req (24 bytes) and unix_diag_msg (16 bytes).
    internal const int UnixRequestSize = 24;
    internal const int UnixMessageSize = 16;

    internal const byte AF_UNIX = 1;
    internal const byte AF_INET = 2;
    internal const byte AF_INET6 = 10;
    internal const byte IPPROTO_TCP = 6;
    internal const byte IPPROTO_UDP = 17;
    internal const byte IPPROTO_UDPLITE = 136;
    internal const byte IPPROTO_RAW = 255;

    // inet_diag attributes (INET_DIAG_*).
    internal const ushort INET_DIAG_MEMINFO = 1;
    internal const ushort INET_DIAG_INFO = 2;
    internal const ushort INET_DIAG_VEGASINFO = 3;
    internal const ushort INET_DIAG_CONG = 4;
    internal const ushort INET_DIAG_TOS = 5;
    internal const ushort INET_DIAG_TCLASS = 6;
    internal const ushort INET_DIAG_SKMEMINFO = 7;
    internal const ushort INET_DIAG_SHUTDOWN = 8;
    internal const ushort INET_DIAG_DCTCPINFO = 9;
    internal const ushort INET_DIAG_PROTOCOL = 10;
    internal const ushort INET_DIAG_SKV6ONLY = 11;
    internal const ushort INET_DIAG_MARK = 15;
    internal const ushort INET_DIAG_BBRINFO = 16;
    internal const ushort INET_DIAG_CGROUP_ID = 21;

    // The request attribute that carries a filter program, and the program's ops (INET_DIAG_BC_*).
    internal const ushort INET_DIAG_REQ_BYTECODE = 1;

    internal const byte INET_DIAG_BC_NOP = 0;
    internal const byte INET_DIAG_BC_JMP = 1;
    internal const byte INET_DIAG_BC_S_GE = 2;
    internal const byte INET_DIAG_BC_S_LE = 3;
    internal const byte INET_DIAG_BC_D_GE = 4;
    internal const byte INET_DIAG_BC_D_LE = 5;
    internal const byte INET_DIAG_BC_AUTO = 6;
    internal const byte INET_DIAG_BC_S_COND = 7;
    internal const byte INET_DIAG_BC_D_COND = 8;
    internal const byte INET_DIAG_BC_DEV_COND = 9;
    internal const byte INET_DIAG_BC_MARK_COND = 10;
    internal const byte INET_DIAG_BC_S_EQ = 11;
    internal const byte INET_DIAG_BC_D_EQ = 12;
    internal const byte INET_DIAG_BC_CGROUP_COND = 13;

    // unix_diag: what to show (UDIAG_SHOW_*) and the attributes that answer (UNIX_DIAG_*).
    internal const uint UDIAG_SHOW_NAME = 0x01;
    internal const uint UDIAG_SHOW_PEER = 0x04;
    internal const uint UDIAG_SHOW_RQLEN = 0x10;
    internal const uint UDIAG_SHOW_MEMINFO = 0x20;
    internal const uint UDIAG_SHOW_UID = 0x40;
    internal const ushort UNIX_DIAG_NAME = 0;
    internal const ushort UNIX_DIAG_PEER = 2;
    internal const ushort UNIX_DIAG_RQLEN = 4;
    internal const ushort UNIX_DIAG_MEMINFO = 5;
    internal const ushort UNIX_DIAG_SHUTDOWN = 6;
    internal const ushort UNIX_DIAG_UID = 7;

    /// <summary>The idiag_ext bit that asks for attribute <paramref name="attribute"/> (1..8 only).</summary>
    internal static byte ExtensionBit(ushort attribute) => (byte)(1 << (attribute - 1));

    /// <summary>Whether the query asked for anything carried in attributes (else no details object is made).</summary>
    internal static bool WantsAttributes(Model.SocketDetail details) =>
        (details & (Model.SocketDetail.TcpInfo | Model.SocketDetail.Memory | Model.SocketDetail.Congestion
            | Model.SocketDetail.CongestionModule | Model.SocketDetail.TypeOfService | Model.SocketDetail.Extras)) != 0;

    /// <summary>Netlink aligns every message and attribute to four bytes.</summary>
    internal static int Align(int length) => (length + 3) & ~3;
}
