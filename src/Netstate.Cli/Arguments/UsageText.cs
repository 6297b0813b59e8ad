namespace Netstate.Cli.Arguments;

internal static class UsageText
{
    public const string Full = """
        usage: netstate [-vWeenNoplac] [<Socket> ...] [<AF>]
               netstate {-V|--version|-h|--help}

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
              --debug              show details of internal errors

        Output:
              --format FMT         netstat (default), ss, json or csv
              --json, --csv        short for --format json, --format csv
              --jsonl              JSON, one document per line (one per listing with -c)
              --info               TCP internals (tcp_info); with --format ss also -i
          -m, --memory             socket memory (skmem)
              --count-by KEYS      count sockets by state, proto, local-port, remote-addr,
                                   remote-port, process, user (comma separated), largest first
              --top N              with --count-by: only the N largest groups

        Examples:
          netstate -tulpn          listening TCP and UDP sockets with their programs
          netstate -anpo           every socket with owners and timers
          netstate -tan -4         IPv4 TCP connections, numeric
          netstate -tanpi --format ss   ss's view, with owners and TCP internals
          netstate -tan --count-by state   sockets per TCP state, most first

        """;
}
