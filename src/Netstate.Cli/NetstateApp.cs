using Netstate.Cli.Arguments;
using Netstate.Cli.Commands;
using Netstate.Cli.Rendering;

namespace Netstate.Cli;

/// <summary>
/// Parses the command line, runs the chosen command and turns errors into one line and an exit
/// code. A first word naming a command (completion, doctor, explain, lab, who) selects it; anything else is netstat's
/// command line.
/// </summary>
internal static class NetstateApp
{
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors and notes go.</param>
    /// <param name="terminal">What stdout is; detected from the console when null.</param>
    public static ReturnCode Run(string[] args, TextWriter stdout, TextWriter stderr, TerminalInfo? terminal = null)
    {
        bool debug = args.Contains("--debug");
        string[] rest = args.Where(a => a != "--debug").ToArray();
        try
        {
            ReturnCode code = rest.FirstOrDefault() switch
            {
                "doctor" => new DoctorCommand(DoctorOptions.Parse(rest[1..]), stdout, stderr, terminal ?? TerminalInfo.Detect()).Run(),
                "lab" => new LabCommand(LabOptions.Parse(rest[1..]), stdout, stderr).Run(),
                "who" => new WhoCommand(WhoOptions.Parse(rest[1..]), stdout, stderr).Run(),
                "completion" => new CompletionCommand(rest[1..], stdout).Run(),
                "explain" => new ExplainCommand(ExplainOptions.Parse(rest[1..]), stdout, stderr, terminal ?? TerminalInfo.Detect()).Run(),
                _ => RunNetstat(NetstatArgumentParser.Parse(rest), stdout, stderr, terminal),
            };
            stdout.Flush();
            return code;
        }
        catch (UserFacingException e)
        {
            stdout.Flush();
            stderr.WriteLine(e.ToLine());
            if (e is FilterUsageException filter)
                stderr.Write(filter.Pointer());
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

    /// <summary>netstat's own modes, chosen by its flags.</summary>
    private static ReturnCode RunNetstat(NetstatOptions options, TextWriter stdout, TextWriter stderr, TerminalInfo? terminal) => options.Mode switch
    {
        Mode.Help => Print(stdout, UsageText.Full),
        Mode.Version => Print(stdout, VersionText.Full),
        Mode.Sockets => new SocketListCommand(options, stdout, stderr, terminal).Run(),
        Mode.Route => new RouteTableCommand(options, stdout, stderr).Run(),
        Mode.Interfaces => new InterfaceTableCommand(options, stdout, stderr).Run(),
        Mode.Groups => new GroupTableCommand(options, stdout, stderr).Run(),
        Mode.Summary => new SummaryCommand(options, stdout, stderr).Run(),
        Mode.Statistics => new StatisticsCommand(options, stdout, stderr).Run(),
        Mode.Masquerade => new MasqueradeCommand(options, stdout, stderr).Run(),
        _ => throw new InvalidOperationException($"no command handles {options.Mode}"),
    };

    private static ReturnCode Print(TextWriter stdout, string text)
    {
        stdout.Write(text);
        return ReturnCode.Success;
    }
}
