namespace Netstate.Cli.Terminal;

/// <summary>
/// A full screen and its keyboard: the real terminal (<see cref="TerminalSession"/>) or, in tests,
/// a fake one of a fixed size fed with scripted keys.
/// </summary>
internal interface ITerminal : IDisposable
{
    int Width { get; }

    int Height { get; }

    /// <summary>Why the view must end from outside (a signal), or null while it may go on.</summary>
    string? EndedBy { get; }

    /// <summary>
    /// Waits up to <paramref name="wait"/> for key presses and returns those that came (none when
    /// the time ran out, the window was resized or a signal ended the view).
    /// </summary>
    IReadOnlyList<Key> ReadKeys(TimeSpan wait);

    /// <summary>Draws a whole frame; lines beyond the height are dropped, short frames are cleared below.</summary>
    void Draw(IReadOnlyList<ScreenLine> lines);
}
