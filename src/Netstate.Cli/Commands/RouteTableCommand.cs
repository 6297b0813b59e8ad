using Netstate.Cli.Arguments;

namespace Netstate.Cli.Commands;

/// <summary>netstat -r, the kernel routing table.</summary>
internal sealed class RouteTableCommand
{
    private readonly NetstatOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _err;

    public RouteTableCommand(NetstatOptions options, TextWriter stdout, TextWriter stderr)
    {
        _options = options;
        _out = stdout;
        _err = stderr;
    }

    public ReturnCode Run()
    {
        _ = (_options, _out, _err);
        throw new UserFacingException($"{ModeNames.Describe(_options.Mode)} is not implemented yet", "netstate lists sockets today; the kernel tables and statistics are coming");
    }
}
