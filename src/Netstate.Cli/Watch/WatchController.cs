using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Cli.Terminal;
using Netstate.Core.Model;
using Netstate.Core.Owners;
using Netstate.Core.Platform;
using Netstate.Core.Text;

namespace Netstate.Cli.Watch;

/// <summary>What the view asks of the world: the changes a user confirms, and a new filter. The command implements it over the platform.</summary>
internal interface IWatchActions
{
    /// <summary>--read-only: no change is offered.</summary>
    bool ReadOnly { get; }

    ActionResult CloseSocket(SocketEntry socket);

    /// <summary>Why this system cannot close <paramref name="socket"/> at all (Windows: no IPv6, UDP or listener close), said before asking; null when it can try.</summary>
    string? RefuseClose(SocketEntry socket);

    /// <summary>Why a row may have no known process on this system, for the status line.</summary>
    string NoOwnerReason { get; }

    /// <summary>Why names cannot be shown (the services file could not be read), or null when they can.</summary>
    string? NoNamesReason { get; }

    /// <summary>Processes end by a signal the user picks (y SIGTERM, 9 SIGKILL); false on Windows, where y ends it (TerminateProcess) and there is no choice.</summary>
    bool EndsBySignal { get; }

    /// <summary>Signals <paramref name="process"/> if it is still the process that was chosen (same pid and name).</summary>
    ActionResult EndProcess(ProcessInfo process, EndSignal signal);

    /// <summary>Puts <paramref name="text"/> in force as the filter; throws <see cref="FilterUsageException"/> when it does not parse.</summary>
    void ApplyFilter(string text);
}

/// <summary>What the loop does after a key.</summary>
internal enum KeyOutcome
{
    /// <summary>Redraw.</summary>
    Redraw,
    /// <summary>Read the sockets again now (after a change, or a new filter).</summary>
    Refresh,
    Quit,
}

/// <summary>
/// The keys of the live view. A change to the system (closing a connection, ending a process) is
/// never done by one key: it asks, names the socket or process, and acts on y (or 9 for SIGKILL)
/// only; every other key cancels. The outcome, refusals included, is said on the status line.
/// </summary>
internal sealed class WatchController
{
    private readonly WatchView _view;
    private readonly IWatchActions _actions;

    public WatchController(WatchView view, IWatchActions actions)
    {
        _view = view;
        _actions = actions;
    }

    public KeyOutcome Handle(Key key)
    {
        if (key.Kind == KeyKind.Interrupt)
            return KeyOutcome.Quit;
        if (key.IsMouse)
            return Mouse(key);
        if (_view.ShowHelp)
        {
            _view.ShowHelp = false;
            return KeyOutcome.Redraw;
        }
        if (_view.FilterDraft is not null)
            return EditFilter(key);
        if (_view.Pending is { } pending)
            return Answer(pending, key);

        switch (key.Kind)
        {
            case KeyKind.Up: _view.Move(-1); return KeyOutcome.Redraw;
            case KeyKind.Down: _view.Move(1); return KeyOutcome.Redraw;
            case KeyKind.PageUp: _view.Move(-20); return KeyOutcome.Redraw;
            case KeyKind.PageDown: _view.Move(20); return KeyOutcome.Redraw;
            case KeyKind.Home: _view.Move(int.MinValue / 2); return KeyOutcome.Redraw;
            case KeyKind.End: _view.Move(int.MaxValue / 2); return KeyOutcome.Redraw;
            case KeyKind.Delete: return AskClose();
            case KeyKind.Enter:
                if (_view.SelectedGroup is { } group)
                    _view.Expand(group);
                return KeyOutcome.Redraw;
            case KeyKind.Escape:
                if (_view.Expanded is not null)
                    _view.Expand(null);
                return KeyOutcome.Redraw;
            case KeyKind.Char:
                return Command(key.Char);
            default:
                return KeyOutcome.Redraw;
        }
    }

    /// <summary>
    /// A click selects a row or sorts by a column heading; the wheel moves the selection. While a
    /// question or the filter prompt waits, the mouse does nothing: only a key answers.
    /// </summary>
    private KeyOutcome Mouse(Key key)
    {
        if (_view.ShowHelp)
        {
            if (key.Kind == KeyKind.Click)
                _view.ShowHelp = false;
            return KeyOutcome.Redraw;
        }
        if (_view.FilterDraft is not null || _view.Pending is not null)
            return KeyOutcome.Redraw;
        switch (key.Kind)
        {
            case KeyKind.Click: _view.Click(key.Column - 1, key.Row - 1); break;
            case KeyKind.WheelUp: _view.Move(-WheelStep); break;
            case KeyKind.WheelDown: _view.Move(WheelStep); break;
        }
        return KeyOutcome.Redraw;
    }

    /// <summary>Rows one notch of the wheel moves the selection.</summary>
    public const int WheelStep = 3;

    private KeyOutcome Command(char c)
    {
        switch (c)
        {
            case 'q' or 'Q': return KeyOutcome.Quit;
            case '?' or 'h': _view.ShowHelp = true; break;
            case 's': _view.SortBy(1); break;
            case 'S': _view.SortBy(-1); break;
            case 'r': _view.Reverse(); break;
            case 'p' or ' ':
                _view.Paused = !_view.Paused;
                _view.Say(_view.Paused ? "paused: the screen keeps this reading (p resumes)" : "resumed");
                return _view.Paused ? KeyOutcome.Redraw : KeyOutcome.Refresh;
            case 'l': _view.ToggleListeners(); break;
            case 'g': _view.ToggleGrouped(); break;
            case 'n':
                if (!_view.Names.Available)
                {
                    _view.Say($"names are not available ({_actions.NoNamesReason ?? "no services file"})", LineStyle.Error);
                    break;
                }
                _view.Names.Enabled = !_view.Names.Enabled;
                _view.Say(_view.Names.Enabled ? "names on: host names appear as their lookups answer" : "numbers");
                break;
            case '/':
                _view.FilterDraft = _view.FilterText;
                _view.FilterError = null;
                break;
            case 'c': return AskClose();
            case 'e': return AskEnd();
        }
        return KeyOutcome.Redraw;
    }

    private KeyOutcome EditFilter(Key key)
    {
        string draft = _view.FilterDraft!;
        switch (key.Kind)
        {
            case KeyKind.Escape:
                _view.FilterDraft = null;
                _view.FilterError = null;
                return KeyOutcome.Redraw;
            case KeyKind.Backspace:
                _view.FilterDraft = draft.Length == 0 ? draft : draft[..^1];
                return KeyOutcome.Redraw;
            case KeyKind.Char:
                if (draft.Length < 1000)
                    _view.FilterDraft = draft + key.Char;
                return KeyOutcome.Redraw;
            case KeyKind.Enter:
                try
                {
                    _actions.ApplyFilter(draft.Trim());
                }
                catch (FilterUsageException error)
                {
                    // Shown under the prompt with a caret; the old filter stays in force.
                    _view.FilterError = error;
                    return KeyOutcome.Redraw;
                }
                _view.FilterText = draft.Trim();
                _view.FilterDraft = null;
                _view.FilterError = null;
                _view.Say(_view.FilterText.Length == 0 ? "filter removed" : "filter applied");
                return KeyOutcome.Refresh;
            default:
                return KeyOutcome.Redraw;
        }
    }

    private KeyOutcome AskClose()
    {
        if (_view.ShowsGroups)
        {
            _view.Say("select a socket to close: Enter shows the process's sockets", LineStyle.Error);
            return KeyOutcome.Redraw;
        }
        if (_view.SelectedRow is not { } row)
            return KeyOutcome.Redraw;
        if (_actions.ReadOnly)
        {
            _view.Say("read-only: started with --read-only, closing is off", LineStyle.Error);
            return KeyOutcome.Redraw;
        }
        if (row.Mark == RowMark.Closed)
        {
            _view.Say("that socket is already gone", LineStyle.Error);
            return KeyOutcome.Redraw;
        }
        if (_actions.RefuseClose(row.Entry) is { } refusal)
        {
            _view.Say($"cannot close {Describe(row.Entry)}: {refusal}", LineStyle.Error);
            return KeyOutcome.Redraw;
        }
        _view.Pending = new PendingAction($"Close {Describe(row.Entry)} held by {WatchColumns.Owners(row.Entry, row.Owners)}? The peer gets a reset.", row.Entry, null);
        return KeyOutcome.Redraw;
    }

    private KeyOutcome AskEnd()
    {
        ProcessInfo? process = _view.ShowsGroups ? _view.SelectedGroup?.Process : _view.SelectedRow?.FirstOwner;
        if (process is null)
        {
            _view.Say(_view.SelectedRow is null && _view.SelectedGroup is null ? "nothing selected"
                : $"no process is known for this row ({_actions.NoOwnerReason})", LineStyle.Error);
            return KeyOutcome.Redraw;
        }
        if (_actions.ReadOnly)
        {
            _view.Say("read-only: started with --read-only, ending processes is off", LineStyle.Error);
            return KeyOutcome.Redraw;
        }
        _view.Pending = new PendingAction($"End process {process.Pid} ({UntrustedText.Escape(process.ProgramNameText)})?", null, process,
            _actions.EndsBySignal ? "y: SIGTERM   9: SIGKILL   any other key: cancel" : "y: end it (TerminateProcess: it cannot clean up)   any other key: cancel");
        return KeyOutcome.Redraw;
    }

    private KeyOutcome Answer(PendingAction pending, Key key)
    {
        _view.Pending = null;
        if (pending.Socket is { } socket && key.Is('y'))
        {
            ActionResult result = _actions.CloseSocket(socket);
            _view.Say(result.Succeeded ? $"closed {Describe(socket)}" : $"could not close {Describe(socket)}: {result.Reason}",
                result.Succeeded ? LineStyle.Normal : LineStyle.Error);
            return KeyOutcome.Refresh;
        }
        if (pending.Process is { } process && (key.Is('y') || (key.Is('9') && _actions.EndsBySignal)))
        {
            EndSignal signal = key.Is('9') ? EndSignal.Kill : EndSignal.Terminate;
            string name = $"{process.Pid} ({UntrustedText.Escape(process.ProgramNameText)})";
            ActionResult result = _actions.EndProcess(process, signal);
            string done = !_actions.EndsBySignal ? "ended" : signal == EndSignal.Kill ? "sent SIGKILL to" : "sent SIGTERM to";
            _view.Say(result.Succeeded ? $"{done} process {name}" : $"could not end process {name}: {result.Reason}",
                result.Succeeded ? LineStyle.Normal : LineStyle.Error);
            return KeyOutcome.Refresh;
        }
        _view.Say("cancelled");
        return KeyOutcome.Redraw;
    }

    /// <summary>The socket as the status line names it; in another network namespace, which one (the same endpoints may be in several).</summary>
    private static string Describe(SocketEntry socket) =>
        socket.Namespace is { IsOwn: false } space ? $"{SocketDescription.Of(socket)} in netns {UntrustedText.Escape(space.Label)}" : SocketDescription.Of(socket);
}
