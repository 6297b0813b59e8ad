using System.Runtime.InteropServices;
using System.Text.Json;
using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Platform;
using Netstate.Core.Tracing;
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
        usage: netstate lab [SCENARIO] [--json] [--pause SECONDS] [--no-trace]
               netstate lab --list

        Runs a classic TCP situation on loopback in a private network namespace (root only) and shows,
        step by step, what the client and server did and the states netstate saw. The kernel's
        state-change tracepoint runs alongside (as 'netstate trace' does): each step lists the
        transitions it recorded, named by the TCP state machine, and each claim is checked against
        both the read and the trace.

          --list           list the scenarios
          --json           print the run's record as JSON at the end, instead of the steps as they happen
          --pause SECONDS  wait after each step, to read it
          --no-trace       check the claims against the reads only (no tracefs instance)
        """;

    private readonly LabOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _err;

    public LabCommand(LabOptions options, TextWriter stdout, TextWriter stderr)
    {
        _options = options;
        _out = stdout;
        _err = stderr;
    }

    public ReturnCode Run()
    {
        if (_options.Help)
        {
            _out.Write(Usage);
            return ReturnCode.Success;
        }
        if (_options.List || _options.Scenario is not { } name)
            return List(hint: !_options.List);
        LabScenario chosen = LabScenarios.Find(name)
            ?? throw new UsageException($"unknown lab scenario '{name}'", "'netstate lab --list' shows them");
        return RunScenario(chosen, _options.Json, _options.Pause);
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
        LabHostLock? hostLock = null;
        ITcpTrace? trace = null;
        try
        {
            hostLock = LabHostLock.Take(
                () => _err.WriteLine("netstate: another netstate lab is running on this host; waiting for it to finish (its traced changes would mix with this one's)"),
                TimeSpan.FromMinutes(10), interrupt.Token);
            (trace, string traceText) = StartTrace();
            LabRun run = LabRunner.Run(scenario, json ? new SilentProgress() : renderer, pause, trace, traceText, interrupt.Token);
            if (json)
                _out.WriteLine(JsonSerializer.Serialize(run, LabJsonContext.Default.LabRun));
            else
                renderer.Finished(run);
            if (!run.AllClaimsSeen)
            {
                throw new UserFacingException("the lab did not see every state this scenario claims (marked NOT SEEN)",
                    "a busy machine can delay a step past its deadline; run it again");
            }
            if (run.TraceAgrees == false)
            {
                throw new UserFacingException("the trace did not show a state that a read saw (marked 'trace DIFFERS' above)",
                    run.TraceLost > 0 ? $"the kernel dropped {run.TraceLost} traced changes; run it again" : null);
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
            // Removes the tracefs instance; a SIGKILLed run's instance is removed by the next trace.
            trace?.Dispose();
            hostLock?.Dispose();
            foreach (PosixSignalRegistration registration in registrations)
                registration.Dispose();
        }
    }

    /// <summary>The state-change trace, unless --no-trace; when it cannot start, the run goes on without it and says why.</summary>
    private (ITcpTrace? Trace, string Text) StartTrace()
    {
        if (_options.NoTrace)
            return (null, "off: --no-trace");
        try
        {
            ITcpTrace trace = Platforms.Open(null).StartTcpTrace(new TcpTraceRequest());
            return (trace, trace.Description);
        }
        catch (Exception e) when (e is PlatformUnavailableException or IOException or UnauthorizedAccessException)
        {
            return (null, "off: " + e.Message);
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

    /// <summary>With --json nothing is printed until the end.</summary>
    private sealed class SilentProgress : ILabProgress
    {
        public void Started(LabScenario scenario, string namespaceId, string trace)
        {
        }

        public void Stepped(LabStep recorded)
        {
        }
    }
}
