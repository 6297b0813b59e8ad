using Netstate.Cli.Arguments;

namespace Netstate.Cli.Commands;

/// <summary>netstat -g, multicast group memberships.</summary>
internal sealed class GroupTableCommand
{
    private readonly NetstatOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _err;

    public GroupTableCommand(NetstatOptions options, TextWriter stdout, TextWriter stderr)
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
