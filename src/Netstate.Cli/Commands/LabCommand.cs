using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Netstate.Cli.Rendering;
using Netstate.Lab;

namespace Netstate.Cli.Commands;

/// <summary>
/// netstate lab [SCENARIO]: runs one classic TCP situation in a private network namespace and prints
/// what the programs did and what netstate saw after each step. Ctrl+C (or SIGTERM, SIGHUP) ends the
/// run cleanly: every wait stops, helper processes are killed, and the namespace goes with its thread.
/// </summary>
internal sealed class LabCommand
{
    public const string Usage = """
        usage: netstate lab [SCENARIO] [--json] [--pause SECONDS]
               netstate lab --list

        Runs a classic TCP situation on loopback in a private network namespace (root only) and shows,
        step by step, what the client and server did and the states netstate saw.

          --list           list the scenarios
          --json           print the run's record as JSON at the end, instead of the steps as they happen
          --pause SECONDS  wait after each step, to read it
        """;

    private readonly string[] _args;
    private readonly TextWriter _out;
    private readonly TextWriter _err;

    public LabCommand(string[] args, TextWriter stdout, TextWriter stderr)
    {
        _args = args;
        _out = stdout;
        _err = stderr;
    }

    public ReturnCode Run()
    {
        string? name = null;
        bool list = false, json = false;
        TimeSpan pause = TimeSpan.Zero;
        for (int i = 0; i < _args.Length; i++)
        {
            switch (_args[i])
            {
                case "--list" or "-l":
                    list = true;
                    break;
                case "--json":
                    json = true;
                    break;
                case "--pause":
                    pause = ParsePause(i + 1 < _args.Length ? _args[++i] : null);
                    break;
                case "-h" or "--help":
                    _out.Write(Usage);
                    return ReturnCode.Success;
                case string option when option.StartsWith('-'):
                    throw new UsageException($"unknown lab option '{option}'", "see 'netstate lab --help'");
                case string scenario when name is null:
                    name = scenario;
                    break;
                default:
                    throw new UsageException($"one scenario at a time: '{name}' and '{_args[i]}'", "see 'netstate lab --list'");
            }
        }
        if (list || name is null)
            return List(hint: !list);
        LabScenario chosen = LabScenarios.Find(name)
            ?? throw new UsageException($"unknown lab scenario '{name}'", "'netstate lab --list' shows them");
        return RunScenario(chosen, json, pause);
    }

    private ReturnCode RunScenario(LabScenario scenario, bool json, TimeSpan pause)
    {
        using var interrupt = new CancellationTokenSource();
        var registrations = new List<PosixSignalRegistration>();
        foreach (PosixSignal signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
        {
            registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                // Not the default exit: the lab unwinds, kills its helpers and lets its namespace go.
                context.Cancel = true;
                interrupt.Cancel();
            }));
        }
        var renderer = new LabRenderer(_out);
        try
        {
            LabRun run = LabRunner.Run(scenario, json ? new SilentProgress() : renderer, pause, interrupt.Token);
            if (json)
                _out.WriteLine(JsonSerializer.Serialize(run, LabJsonContext.Default.LabRun));
            else
                renderer.Finished(run);
            if (!run.AllClaimsSeen)
            {
                throw new UserFacingException("the lab did not see every state this scenario claims (marked NOT SEEN)",
                    "a busy machine can delay a step past its deadline; run it again");
            }
            return ReturnCode.Success;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            _out.Flush();
            _err.WriteLine("netstate: lab interrupted; its helper processes were killed and its namespace is gone");
            return ReturnCode.Interrupted;
        }
        catch (LabException e)
        {
            throw new UserFacingException(e.Message, e.Hint);
        }
        finally
        {
            foreach (PosixSignalRegistration registration in registrations)
                registration.Dispose();
        }
    }

    private ReturnCode List(bool hint)
    {
        int width = LabScenarios.All.Max(s => s.Name.Length) + 2;
        foreach (LabScenario scenario in LabScenarios.All)
        {
            string aliases = scenario.Aliases.Count > 0 ? $" (also: {string.Join(", ", scenario.Aliases)})" : "";
            _out.WriteLine($"{scenario.Name.PadRight(width)}{scenario.Summary}{aliases}");
        }
        if (hint)
            _out.WriteLine("\nRun one with 'netstate lab NAME' (as root); 'netstate lab --help' for the options.");
        return ReturnCode.Success;
    }

    private static TimeSpan ParsePause(string? text)
    {
        if (text is null || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds)
            || seconds < 0 || seconds > 3600 || double.IsNaN(seconds))
            throw new UsageException($"--pause needs a number of seconds from 0 to 3600, not '{text}'", "see 'netstate lab --help'");
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>With --json nothing is printed until the end.</summary>
    private sealed class SilentProgress : ILabProgress
    {
        public void Started(LabScenario scenario, string namespaceId)
        {
        }

        public void Stepped(LabStep recorded)
        {
        }
    }
}
