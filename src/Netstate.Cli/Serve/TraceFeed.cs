using Netstate.Core.Platform;
using Netstate.Core.Model;
using Netstate.Core.Tracing;

namespace Netstate.Cli.Serve;

/// <summary>
/// serve --trace: the TCP state-change trace (as <c>netstate trace</c> runs it) polled in the
/// background, its latest events kept for pages that open later, and a signal for each new batch.
/// Disposing it stops the poll and removes the tracefs instance.
/// </summary>
internal sealed class TraceFeed : IDisposable
{
    /// <summary>Events a page gets when it opens: the latest ones, not the whole history.</summary>
    public const int Backlog = 200;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly ITcpTrace _trace;
    private readonly TcpTraceTracker _tracker;
    private readonly Action<IReadOnlyList<SourceNote>> _notes;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly object _gate = new();
    private readonly Queue<TraceItem> _recent = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;

    private TraceFeed(ITcpTrace trace, TcpTraceTracker tracker, Action<IReadOnlyList<SourceNote>> notes)
    {
        _trace = trace;
        _tracker = tracker;
        _notes = notes;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>What was turned on, for the log.</summary>
    public string Description => _trace.Description;

    /// <summary>Events the kernel dropped since the start (its buffer was full).</summary>
    public long Lost { get; private set; }

    /// <exception cref="UserFacingException">Tracing cannot start here (not root, no tracefs, an old kernel).</exception>
    public static TraceFeed Start(IPlatform platform, Action<IReadOnlyList<SourceNote>> notes)
    {
        try
        {
            return new TraceFeed(platform.StartTcpTrace(new TcpTraceRequest()), TcpTraceTracker.For(platform), notes);
        }
        catch (PlatformUnavailableException e)
        {
            throw new UserFacingException($"--trace: {e.Message}", e.Hint ?? "serve without --trace, or run it as root");
        }
    }

    /// <summary>The kept events after <paramref name="after"/> (0: all kept), and a task that ends when more arrive.</summary>
    public (IReadOnlyList<TraceItem> Items, Task More) Since(long after)
    {
        lock (_gate)
            return ([.. _recent.Where(item => item.Sequence > after)], _next.Task);
    }

    private async Task LoopAsync()
    {
        try
        {
            await PollAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            _notes([new SourceNote(SourceNoteKind.Warning, $"the trace stopped: {Core.Text.ErrorText.Of(e)}")]);
        }
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpTraceBatch batch = _trace.Poll();
            _notes(batch.Notes);
            (IReadOnlyList<TcpTraceEvent> events, _) = _tracker.Add(batch, resolveOwners: true);
            _notes(_tracker.OwnerNotes);
            if (events.Count > 0 || batch.Lost > 0)
            {
                TaskCompletionSource done;
                lock (_gate)
                {
                    Lost += batch.Lost;
                    foreach (TcpTraceEvent traced in events)
                    {
                        _recent.Enqueue(new TraceItem(++_sequence, traced));
                        if (_recent.Count > Backlog)
                            _recent.Dequeue();
                    }
                    done = _next;
                    _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                done.SetResult();
            }
            try
            {
                await Task.Delay(PollInterval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop's own failure; the trace is removed below all the same.
        }
        _trace.Dispose();
        _stop.Dispose();
    }
}

/// <summary>One traced event with its place in the feed.</summary>
internal sealed record TraceItem(long Sequence, TcpTraceEvent Event);
