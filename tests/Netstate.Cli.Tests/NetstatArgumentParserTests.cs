using System.Globalization;
using Netstate.Cli.Arguments;
using Netstate.Core.Model;

namespace Netstate.Cli.Tests;

/// <summary>
/// netstat's command line as getopt_long reads it (net-tools netstat.c, main()): bundled short
/// flags, -A with an attached or separate value, long options and their unambiguous prefixes.
/// </summary>
public sealed class NetstatArgumentParserTests
{
    private static NetstatOptions Parse(string commandLine) =>
        NetstatArgumentParser.Parse(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Every option that is set, in a fixed order, so one string states a whole result.</summary>
    private static string Describe(NetstatOptions o)
    {
        var set = new List<string>();
        void Add(bool on, string name)
        {
            if (on)
                set.Add(name);
        }

        Add(o.Mode != Mode.Sockets, "mode=" + o.Mode);
        Add(o.All, "all");
        Add(o.Listening, "listening");
        Add(o.Tcp, "tcp");
        Add(o.Udp, "udp");
        Add(o.UdpLite, "udplite");
        Add(o.Raw, "raw");
        Add(o.Unix, "unix");
        Add(o.Inet, "inet");
        Add(o.Inet6, "inet6");
        Add(o.Programs, "programs");
        Add(o.Extend > 0, "extend=" + o.Extend.ToString(CultureInfo.InvariantCulture));
        Add(o.Timers, "timers");
        Add(o.Wide, "wide");
        Add(o.NumericHosts, "numeric-hosts");
        Add(o.NumericPorts, "numeric-ports");
        Add(o.NumericUsers, "numeric-users");
        Add(o.Verbose, "verbose");
        Add(o.Continuous, "continuous");
        Add(o.Interval != TimeSpan.FromSeconds(1), "interval=" + o.Interval.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        Add(o.Count != 0, "count=" + o.Count.ToString(CultureInfo.InvariantCulture));
        Add(o.ProcRoot is not null, "proc-root=" + o.ProcRoot);
        Add(o.ResolveTimeout is not null, "resolve-timeout=" + o.ResolveTimeout?.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        Add(o.NetworkNamespace is not null, "net=" + o.NetworkNamespace);
        Add(o.AllNamespaces, "all-namespaces");
        return string.Join(' ', set);
    }

    [Theory]
    // Nothing at all: defaults.
    [InlineData("", "")]
    [InlineData("--", "")]
    // Bundled short flags.
    [InlineData("-tulpn", "listening tcp udp programs numeric-hosts numeric-ports numeric-users")]
    [InlineData("-anpo", "all programs timers numeric-hosts numeric-ports numeric-users")]
    [InlineData("-tanpe", "all tcp programs extend=1 numeric-hosts numeric-ports numeric-users")]
    [InlineData("-lntu", "listening tcp udp numeric-hosts numeric-ports numeric-users")]
    [InlineData("-t -u -l", "listening tcp udp")]
    [InlineData("-wU", "udplite raw")]
    [InlineData("-x", "unix")]
    [InlineData("-v", "verbose")]
    [InlineData("-W", "wide")]
    // -e is counted: netstat's flag_exp++.
    [InlineData("-e", "extend=1")]
    [InlineData("-ee", "extend=2")]
    [InlineData("-e -e -e", "extend=3")]
    [InlineData("--extend --extend", "extend=2")]
    // Accepted for compatibility, no effect on socket listings.
    [InlineData("-N -C -F -d", "")]
    // Address families: a family alone selects all of its protocols.
    [InlineData("-A inet", "tcp udp udplite raw inet")]
    [InlineData("-Ainet", "tcp udp udplite raw inet")]
    [InlineData("-Ainet6", "tcp udp udplite raw inet6")]
    [InlineData("-A inet6", "tcp udp udplite raw inet6")]
    [InlineData("-A inet,unix", "tcp udp udplite raw unix inet")]
    [InlineData("-A unix", "unix")]
    [InlineData("-A ip", "tcp udp udplite raw inet")]
    [InlineData("-A ip6", "tcp udp udplite raw inet6")]
    [InlineData("-A tcpip", "tcp udp udplite raw inet")]
    [InlineData("-tA inet", "tcp inet")]
    [InlineData("-tAinet6", "tcp inet6")]
    [InlineData("-A inet -t", "tcp inet")]
    [InlineData("--protocol=inet", "tcp udp udplite raw inet")]
    [InlineData("--protocol inet6", "tcp udp udplite raw inet6")]
    [InlineData("--protocol=inet,inet6", "tcp udp udplite raw inet inet6")]
    [InlineData("-4", "tcp udp udplite raw inet")]
    [InlineData("-6", "tcp udp udplite raw inet6")]
    [InlineData("-4 -6", "tcp udp udplite raw inet inet6")]
    [InlineData("-46t", "tcp inet inet6")]
    [InlineData("-t -4", "tcp inet")]
    [InlineData("-u -6", "udp inet6")]
    [InlineData("-x -4", "tcp udp udplite raw unix inet")]
    [InlineData("--inet", "tcp udp udplite raw inet")]
    [InlineData("--inet6", "tcp udp udplite raw inet6")]
    [InlineData("--ip", "tcp udp udplite raw inet")]
    [InlineData("--unix", "unix")]
    // Long options and unambiguous prefixes.
    [InlineData("--tcp --udp --listening", "listening tcp udp")]
    [InlineData("--all --programs --timers --wide", "all programs timers wide")]
    [InlineData("--notrim", "wide")]
    [InlineData("--numeric", "numeric-hosts numeric-ports numeric-users")]
    [InlineData("--numeric-hosts", "numeric-hosts")]
    [InlineData("--numeric-ports", "numeric-ports")]
    [InlineData("--numeric-users", "numeric-users")]
    [InlineData("--numeric-p", "numeric-ports")]
    [InlineData("--numeric-h", "numeric-hosts")]
    [InlineData("--numeric-u", "numeric-users")]
    [InlineData("--prog", "programs")]
    [InlineData("--listen --tcp", "listening tcp")]
    [InlineData("--tim --al", "all timers")]
    [InlineData("--udpl", "udplite")]
    [InlineData("--verb", "verbose")]
    [InlineData("--wi", "wide")]
    [InlineData("--raw --unix", "raw unix")]
    // -c: netstat's continuous flag, with netstate's optional interval.
    [InlineData("-c", "continuous")]
    [InlineData("-c 2", "continuous interval=2")]
    [InlineData("-c 0.5", "continuous interval=0.5")]
    [InlineData("-tc 3", "tcp continuous interval=3")]
    [InlineData("-ct", "tcp continuous")]
    [InlineData("-c -t", "tcp continuous")]
    [InlineData("--continuous", "continuous")]
    [InlineData("--continuous=0.5", "continuous interval=0.5")]
    [InlineData("--continuous 4", "continuous interval=4")]
    [InlineData("--conti", "continuous")]
    [InlineData("--count 3", "continuous count=3")]
    [InlineData("--count=2 -c 0.25", "continuous interval=0.25 count=2")]
    // netstate's own options.
    [InlineData("--proc-root /tmp/proc", "proc-root=/tmp/proc")]
    [InlineData("--proc-root=/srv/capture", "proc-root=/srv/capture")]
    [InlineData("--resolve-timeout 0.5", "resolve-timeout=0.5")]
    [InlineData("--resolve-timeout=3", "resolve-timeout=3")]
    // Namespaces; netstate's later options never make a netstat abbreviation ambiguous.
    [InlineData("--net blue -tan", "all tcp numeric-hosts numeric-ports numeric-users net=blue")]
    [InlineData("--net=pid:42", "net=pid:42")]
    [InlineData("--all-namespaces -tln", "listening tcp numeric-hosts numeric-ports numeric-users all-namespaces")]
    [InlineData("--all-n", "all-namespaces")]
    [InlineData("--al", "all")]
    public void Parses_flags_as_netstat_does(string commandLine, string expected)
    {
        Assert.Equal(expected, Describe(Parse(commandLine)));
    }

    /// <summary>
    /// glibc's getopt_long does not call a prefix ambiguous when every option it matches has the
    /// same has_arg, flag and val. netstat's --inet and --inet6 both come from AFTRANS_OPTS with
    /// val 1, so "netstat --ine" is --inet (net-tools 2.10 lists IPv4 sockets only for it).
    /// </summary>
    [Theory]
    [InlineData("--ine", "tcp udp udplite raw inet")]
    [InlineData("--ine -t", "tcp inet")]
    [InlineData("--inet6", "tcp udp udplite raw inet6")]
    [InlineData("--uni", "unix")]
    [InlineData("--tcpi", "tcp udp udplite raw inet")]
    public void A_prefix_of_inet_and_inet6_is_inet_as_in_getopt_long(string commandLine, string expected)
    {
        Assert.Equal(expected, Describe(Parse(commandLine)));
    }

    [Theory]
    [InlineData("-h", "Help")]
    [InlineData("--help", "Help")]
    [InlineData("--he", "Help")]
    [InlineData("-V", "Version")]
    [InlineData("--version", "Version")]
    [InlineData("--vers", "Version")]
    [InlineData("-r", "Route")]
    // netstat does not count -g among the exclusive tables: the other table wins.
    [InlineData("-g -r", "Route")]
    [InlineData("-i -g", "Interfaces")]
    [InlineData("--route", "Route")]
    [InlineData("-rn", "Route")]
    [InlineData("-i", "Interfaces")]
    [InlineData("--interfaces", "Interfaces")]
    [InlineData("-s", "Statistics")]
    [InlineData("-st", "Statistics")]
    [InlineData("--statistics", "Statistics")]
    [InlineData("-M", "Masquerade")]
    [InlineData("--masquerade", "Masquerade")]
    [InlineData("-g", "Groups")]
    [InlineData("--groups", "Groups")]
    [InlineData("-tulpn", "Sockets")]
    // -h and -V end option processing in netstat; they win over table modes, even conflicting ones.
    [InlineData("-r -h", "Help")]
    [InlineData("-r -i -h", "Help")]
    [InlineData("-tulpn -V", "Version")]
    [InlineData("-r -i -V", "Version")]
    [InlineData("-hV", "Help")]
    [InlineData("-Vh", "Version")]
    public void Selects_the_mode(string commandLine, string expectedMode)
    {
        Assert.Equal(expectedMode, Parse(commandLine).Mode.ToString());
    }

    /// <summary>
    /// netstat acts on -h and -V the moment getopt returns them (usage() and version() exit), so
    /// whatever follows them on the command line, valid or not, is never looked at.
    /// net-tools 2.10: "netstat -V --bogus" prints the version and exits 0; "netstat -h -q" the usage, exit 0.
    /// </summary>
    [Theory]
    [InlineData("-V --bogus", "Version")]
    [InlineData("-Vq", "Version")]
    [InlineData("--version -A foo", "Version")]
    [InlineData("-h -q", "Help")]
    [InlineData("-h -r -i", "Help")]
    public void Help_and_version_end_option_processing(string commandLine, string expectedMode)
    {
        Assert.Equal(expectedMode, Parse(commandLine).Mode.ToString());
    }

    [Theory]
    // ... but what comes before them is still read: netstat exits 3 on "-q -V".
    [InlineData("-q -V", "unknown option '-q'")]
    [InlineData("--bogus -h", "unknown option '--bogus'")]
    public void Errors_before_help_or_version_still_count(string commandLine, string expectedMessage)
    {
        UsageException error = Assert.Throws<UsageException>(() => Parse(commandLine));
        Assert.StartsWith(expectedMessage, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Unknown flags name the flag.
    [InlineData("-q", "unknown option '-q'")]
    [InlineData("-tqn", "unknown option '-q' in '-tqn'")]
    [InlineData("-?", "unknown option '-?'")]
    // netstat's getopt string ("A:CFMacdeghilnNoprsStuUvVWw2fx64?Z") has no 'T': only --notrim
    // reaches its case 'T'. net-tools 2.10: "netstat: invalid option -- 'T'".
    [InlineData("-T", "unknown option '-T'")]
    [InlineData("-anT", "unknown option '-T' in '-anT'")]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("--tcpx", "unknown option '--tcpx'")]
    // netstat's AFTRANS_OPTS have --ip and --inet6 but no --ip6 (net-tools 2.10: "unrecognized option").
    [InlineData("--ip6", "unknown option '--ip6'")]
    [InlineData("--numeric-portsx", "unknown option '--numeric-portsx'")]
    [InlineData("---t", "unknown option '---t'")]
    // Ambiguous prefixes name the flag and the candidates.
    [InlineData("--num", "option '--num' is ambiguous")]
    [InlineData("--numeric-", "option '--numeric-' is ambiguous")]
    [InlineData("--u", "option '--u' is ambiguous")]
    [InlineData("--in", "option '--in' is ambiguous")]
    [InlineData("--i", "option '--i' is ambiguous")]
    [InlineData("--co", "option '--co' is ambiguous")]
    [InlineData("--cont", "option '--cont' is ambiguous")]
    [InlineData("--tc", "option '--tc' is ambiguous")]
    // Values.
    [InlineData("--tcp=yes", "option '--tcp' takes no value")]
    [InlineData("--protocol", "option '--protocol' needs a value")]
    [InlineData("--proc-root", "option '--proc-root' needs a value")]
    [InlineData("-A", "option '-A' needs an address family")]
    [InlineData("-tA", "option '-A' needs an address family")]
    // Families.
    [InlineData("-A foo", "unknown address family 'foo'")]
    [InlineData("-A inet,foo", "unknown address family 'foo'")]
    [InlineData("-A inet,", "unknown address family ''")]
    [InlineData("-A INET", "unknown address family 'INET'")]
    [InlineData("--protocol=bogus", "unknown address family 'bogus'")]
    [InlineData("-A ipx", "address family 'ipx' is not supported")]
    [InlineData("-A ax25", "address family 'ax25' is not supported")]
    [InlineData("-A inet,x25", "address family 'x25' is not supported")]
    [InlineData("--ax25", "address family 'ax25' is not supported")]
    [InlineData("--netrom", "address family 'netrom' is not supported")]
    // Table modes exclude each other.
    [InlineData("-r -i", "-r and -i cannot be combined")]
    [InlineData("-ri", "-r and -i cannot be combined")]
    [InlineData("-s -M", "-s and -M cannot be combined")]
    [InlineData("-rr", "-r and -r cannot be combined")]
    [InlineData("--route --interfaces", "--route and --interfaces cannot be combined")]
    [InlineData("-r --statistics", "-r and --statistics cannot be combined")]
    // Intervals and counts.
    [InlineData("-c 0", "-c needs a number of seconds")]
    [InlineData("-c 100000", "-c needs a number of seconds")]
    [InlineData("--continuous=abc", "--continuous needs a number of seconds")]
    [InlineData("--continuous=0", "--continuous needs a number of seconds")]
    [InlineData("--count 0", "--count needs a positive whole number, not '0'")]
    [InlineData("--count x", "--count needs a positive whole number, not 'x'")]
    [InlineData("--count -1", "--count needs a positive whole number, not '-1'")]
    [InlineData("--count 1.5", "--count needs a positive whole number, not '1.5'")]
    [InlineData("--resolve-timeout=-1", "--resolve-timeout needs a number of seconds")]
    // Words that are not flags.
    [InlineData("tcp", "unexpected argument 'tcp'")]
    [InlineData("-t 2", "unexpected argument '2'")]
    [InlineData("-ct 2", "unexpected argument '2'")]
    public void Rejects_bad_command_lines_with_a_usage_error_naming_the_problem(string commandLine, string expectedMessage)
    {
        UsageException error = Assert.Throws<UsageException>(() => Parse(commandLine));
        Assert.StartsWith(expectedMessage, error.Message, StringComparison.Ordinal);
        Assert.Equal(ReturnCode.UsageError, error.Code);
        Assert.DoesNotContain('\n', error.ToLine());
    }

    [Fact]
    public void An_ambiguous_prefix_lists_the_candidates()
    {
        UsageException error = Assert.Throws<UsageException>(() => Parse("--num"));
        Assert.Equal("netstate: option '--num' is ambiguous (it could be --numeric, --numeric-hosts, --numeric-ports, --numeric-users)", error.ToLine());
    }

    [Fact]
    public void An_address_family_given_with_a_space_in_one_argument_is_one_unknown_family()
    {
        // "-A" "inet unix" (quoted in the shell) is one value: netstat's aftrans_opt splits on ',' only.
        UsageException error = Assert.Throws<UsageException>(() => NetstatArgumentParser.Parse(["-A", "inet unix"]));
        Assert.StartsWith("unknown address family 'inet unix'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Features netstat has but netstate does not: a runtime failure (exit 1), not a usage error.
    [InlineData("-S", "SCTP")]
    [InlineData("--sctp", "SCTP")]
    [InlineData("-Z", "SELinux")]
    [InlineData("--context", "SELinux")]
    [InlineData("-2", "Bluetooth")]
    [InlineData("-f", "Bluetooth")]
    [InlineData("--l2cap", "Bluetooth")]
    [InlineData("--rfcomm", "Bluetooth")]
    public void Unsupported_socket_kinds_fail_without_being_usage_errors(string commandLine, string expectedWord)
    {
        UserFacingException error = Assert.ThrowsAny<UserFacingException>(() => Parse(commandLine));
        Assert.IsNotType<UsageException>(error);
        Assert.Equal(ReturnCode.Failure, error.Code);
        Assert.Contains(expectedWord, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Nothing: every table, and the inet section is printed.
    [InlineData("", SocketTables.All, true)]
    [InlineData("-a", SocketTables.All, true)]
    [InlineData("-l", SocketTables.All, true)]
    [InlineData("-anpo", SocketTables.All, true)]
    // -x alone: only unix, no "Active Internet connections" section.
    [InlineData("-x", SocketTables.Unix, false)]
    [InlineData("-A unix", SocketTables.Unix, false)]
    [InlineData("--unix -a", SocketTables.Unix, false)]
    // A protocol alone: both families.
    [InlineData("-t", SocketTables.Tcp, true)]
    [InlineData("-u", SocketTables.Udp, true)]
    [InlineData("-U", SocketTables.UdpLite, true)]
    [InlineData("-w", SocketTables.Raw, true)]
    [InlineData("-tulpn", SocketTables.Tcp | SocketTables.Udp, true)]
    [InlineData("-lntu", SocketTables.Tcp | SocketTables.Udp, true)]
    // A family alone: all its protocols.
    [InlineData("-4", SocketTables.Inet4, true)]
    [InlineData("-6", SocketTables.Inet6, true)]
    [InlineData("-4 -6", SocketTables.Inet4 | SocketTables.Inet6, true)]
    [InlineData("-A inet", SocketTables.Inet4, true)]
    [InlineData("-Ainet6", SocketTables.Inet6, true)]
    [InlineData("--protocol=inet", SocketTables.Inet4, true)]
    // Protocol and family together.
    [InlineData("-t -4", SocketTables.Tcp4, true)]
    [InlineData("-tu -6", SocketTables.Tcp6 | SocketTables.Udp6, true)]
    [InlineData("-w -A inet6", SocketTables.Raw6, true)]
    [InlineData("-t -4 -6", SocketTables.Tcp, true)]
    // Unix with inet selectors.
    [InlineData("-A inet,unix", SocketTables.Inet4 | SocketTables.Unix, true)]
    [InlineData("-x -4", SocketTables.Inet4 | SocketTables.Unix, true)]
    [InlineData("-6 -x", SocketTables.Inet6 | SocketTables.Unix, true)]
    [InlineData("-t -x", SocketTables.Tcp | SocketTables.Unix, true)]
    [InlineData("-t -A unix", SocketTables.Tcp | SocketTables.Unix, true)]
    [InlineData("-ux -6", SocketTables.Udp6 | SocketTables.Unix, true)]
    public void Derives_the_tables_by_netstats_rules(string commandLine, SocketTables expectedTables, bool expectedShowsInet)
    {
        NetstatOptions options = Parse(commandLine);
        Assert.Equal(expectedTables, options.Tables);
        Assert.Equal(expectedShowsInet, options.ShowsInet);
    }

    [Fact]
    public void Defaults_are_netstats()
    {
        NetstatOptions options = Parse("");
        Assert.Equal(Mode.Sockets, options.Mode);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Interval);
        Assert.Equal(0, options.Count);
        Assert.Equal(0, options.Extend);
        Assert.False(options.Continuous);
        Assert.True(options.NoSelector);
        Assert.Null(options.ProcRoot);
        Assert.Null(options.ResolveTimeout);
    }
}
