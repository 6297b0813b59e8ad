using Netstate.Cli.Arguments;
using Netstate.Cli.Commands;
using Netstate.Cli.Output;
using Netstate.Cli.Rendering;
using Netstate.Core.Text;
using Netstate.Core.Platform;

namespace Netstate.Cli;

/// <summary>
/// Parses the command line, runs the chosen command and turns errors into one line and an exit
/// code. A first word naming a command (completion, doctor, explain, history, lab, life, record, trace, who) selects it; anything else is netstat's
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
        try
        {
            return RunCommand(args, stdout, stderr, terminal);
        }
        catch (OutputFailedException e)
        {
            // The reader went away: end quietly, as netstat (killed by SIGPIPE) does, with the shell's code for that.
            if (e.ReaderGone)
                return ReturnCode.ReaderGone;
            stderr.WriteLine($"netstate: {e.Message}");
            return ReturnCode.Failure;
        }
    }

    /// <summary>Runs the command; a failure to write standard output escapes, even from the error handlers' flushes.</summary>
    private static ReturnCode RunCommand(string[] args, TextWriter stdout, TextWriter stderr, TerminalInfo? terminal)
    {
        bool debug = args.Contains("--debug");
        string[] rest = args.Where(a => a != "--debug").ToArray();
        try
        {
            ReturnCode code = rest.FirstOrDefault() switch
            {
                "doctor" => new DoctorCommand(DoctorOptions.Parse(rest[1..]), stdout, stderr, terminal ?? TerminalInfo.Detect()).Run(),
                "lab" => new LabCommand(LabOptions.Parse(rest[1..]), stdout, stderr).Run(),
                "watch" => new WatchCommand(WatchOptions.Parse(rest[1..]), stdout).Run(),
                "who" => new WhoCommand(WhoOptions.Parse(rest[1..]), stdout, stderr).Run(),
                "serve" => new ServeCommand(ServeOptions.Parse(rest[1..]), stdout, stderr).Run(),
                "trace" => new TraceCommand(TraceOptions.Parse(rest[1..], lifetimes: false), stdout, stderr).Run(),
                "life" => new TraceCommand(TraceOptions.Parse(rest[1..], lifetimes: true), stdout, stderr).Run(),
                "record" => new RecordCommand(RecordOptions.Parse(rest[1..]), stdout, stderr).Run(),
                "history" => new HistoryCommand(HistoryOptions.Parse(rest[1..], DateTimeOffset.Now), stdout, stderr).Run(),
                "completion" => new CompletionCommand(rest[1..], stdout).Run(),
                "explain" => new ExplainCommand(ExplainOptions.Parse(rest[1..]), stdout, stderr, terminal ?? TerminalInfo.Detect()).Run(),
                _ => RunNetstat(OperatingSystem.IsWindows() ? WindowsNetstatArgumentParser.Parse(rest) : NetstatArgumentParser.Parse(rest), stdout, stderr, terminal),
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
        catch (PlatformUnavailableException e)
        {
            stdout.Flush();
            stderr.WriteLine(new UserFacingException(e.Message, e.Hint).ToLine());
            if (debug)
                stderr.WriteLine(e.ToString());
            return ReturnCode.Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not OutputFailedException)
        {
            // A system error no command turned into its own message: plain words, not an internal error.
            stdout.Flush();
            stderr.WriteLine($"netstate: {ErrorText.Of(e)} (run with --debug for the details)");
            if (debug)
                stderr.WriteLine(e.ToString());
            return ReturnCode.Failure;
        }
        catch (Exception e) when (e is not OutOfMemoryException and not OutputFailedException)
        {
            stdout.Flush();
            stderr.WriteLine($"netstate: internal error: {ErrorText.Of(e)} (run with --debug for the details, and please report it)");
            if (debug)
                stderr.WriteLine(e.ToString());
            return ReturnCode.Failure;
        }
    }

    /// <summary>netstat's own modes, chosen by its flags.</summary>
    private static ReturnCode RunNetstat(NetstatOptions options, TextWriter stdout, TextWriter stderr, TerminalInfo? terminal) => options.Mode switch
    {
        Mode.Help => Print(stdout, options.Format == OutputFormat.Windows ? WindowsUsageText.Full : UsageText.Full),
        Mode.Version => Print(stdout, VersionText.Full),
        Mode.Sockets => new SocketListCommand(options, stdout, stderr, terminal).Run(),
        Mode.Statistics or Mode.Route or Mode.Interfaces when options.Format == OutputFormat.Windows => new WindowsTablesCommand(options, stdout, stderr, terminal).Run(),
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
