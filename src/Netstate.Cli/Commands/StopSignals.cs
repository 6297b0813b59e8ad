using System.Runtime.InteropServices;

namespace Netstate.Cli.Commands;

/// <summary>
/// Ctrl+C, SIGTERM and SIGHUP as a request to stop: the running command ends its loop and cleans
/// up (tracing instances, databases) instead of the runtime's immediate exit.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    public StopSignals()
    {
        foreach (PosixSignal signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                _stop.Cancel();
            }));
        }
    }

    public bool Requested => _stop.IsCancellationRequested;

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
            registration.Dispose();
        _stop.Dispose();
    }
}
