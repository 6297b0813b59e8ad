using Netstate.Cli.Arguments;
using Netstate.Cli.Commands;

namespace Netstate.Cli;

/// <summary>Parses the command line, runs the chosen mode and turns errors into one line and an exit code.</summary>
internal static class NetstateApp
{
    public static ReturnCode Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        bool debug = args.Contains("--debug");
        try
        {
            NetstatOptions options = NetstatArgumentParser.Parse(args.Where(a => a != "--debug").ToArray());
            ReturnCode code = options.Mode switch
            {
                Mode.Help => Print(stdout, UsageText.Full),
                Mode.Version => Print(stdout, $"netstate {typeof(NetstateApp).Assembly.GetName().Version?.ToString(3)}\nA modern netstat: netstat-compatible socket tables for Linux.\n"),
                Mode.Sockets => new SocketListCommand(options, stdout, stderr).Run(),
                Mode.Route => new RouteTableCommand(options, stdout, stderr).Run(),
                Mode.Interfaces => new InterfaceTableCommand(options, stdout, stderr).Run(),
                Mode.Groups => new GroupTableCommand(options, stdout, stderr).Run(),
                Mode.Summary => new SummaryCommand(options, stdout, stderr).Run(),
                Mode.Masquerade => new MasqueradeCommand(options, stdout, stderr).Run(),
                _ => throw new UserFacingException($"{ModeNames.Describe(options.Mode)} is not implemented yet",
                    "netstate lists sockets today; the kernel tables and statistics are coming"),
            };
            stdout.Flush();
            return code;
        }
        catch (UserFacingException e)
        {
            stdout.Flush();
            stderr.WriteLine(e.ToLine());
            if (debug)
                stderr.WriteLine(e.ToString());
            return e.Code;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stdout.Flush();
            stderr.WriteLine($"netstate: internal error: {e.Message} (run with --debug for the details, and please report it)");
            if (debug)
                stderr.WriteLine(e.ToString());
            return ReturnCode.Failure;
        }
    }

    private static ReturnCode Print(TextWriter stdout, string text)
    {
        stdout.Write(text);
        return ReturnCode.Success;
    }
}
