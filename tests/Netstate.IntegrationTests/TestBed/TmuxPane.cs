using System.Diagnostics;
using System.Globalization;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// A real terminal for full-screen tests: a tmux server of its own (a private socket name), started
/// inside a test's network namespace so everything run in its pane sees only that namespace. Keys
/// go in with send-keys; the screen comes back with capture-pane (-e keeps the colours).
/// </summary>
public sealed class TmuxPane : IDisposable
{
    private static int _count;
    private readonly string _server = $"netstate-test-{Environment.ProcessId}-{Interlocked.Increment(ref _count)}";

    public TmuxPane(NetworkNamespace ns, int width = 160, int height = 40)
    {
        Tools.Require("tmux", "tmux");
        // The pane runs a plain shell, so what is left on screen after the program ends is the shell's.
        ProcessResult started = ns.Run(() => ProcessResult.Run("tmux",
            ["-L", _server, "-f", "/dev/null", "new-session", "-d", "-x", width.ToString(CultureInfo.InvariantCulture), "-y", height.ToString(CultureInfo.InvariantCulture),
             "env -u NO_COLOR PS1='shell$ ' bash --norc --noprofile"],
            new Dictionary<string, string> { ["TERM"] = "xterm-256color" }));
        if (started.ExitCode != 0)
            throw new InvalidOperationException($"tmux new-session failed: {started.Stderr}");
    }

    /// <summary>Types <paramref name="text"/> literally.</summary>
    public void Type(string text) => Tmux("send-keys", "-l", text);

    /// <summary>Presses keys by tmux's names (Enter, Escape, Down, C-c).</summary>
    public void Press(params string[] keys) => Tmux(["send-keys", .. keys]);

    /// <summary>Resizes the window (the program in the pane gets SIGWINCH).</summary>
    public void Resize(int width, int height) =>
        Tmux("resize-window", "-x", width.ToString(CultureInfo.InvariantCulture), "-y", height.ToString(CultureInfo.InvariantCulture));

    /// <summary>The screen as text, or with its SGR escapes (colours, reverse video).</summary>
    public string Capture(bool escapes = false) => escapes ? Tmux("capture-pane", "-p", "-e") : Tmux("capture-pane", "-p");

    /// <summary>
    /// A left click at 1-based <paramref name="column"/> and <paramref name="row"/>, as a terminal in
    /// mouse mode 1006 reports it (ESC [ &lt; 0 ; col ; row M, then the release with m), sent as raw bytes.
    /// </summary>
    public void Click(int column, int row)
    {
        string report = $"\e[<0;{column};{row}M\e[<0;{column};{row}m";
        Tmux(["send-keys", "-H", .. report.Select(c => ((int)c).ToString("x2", CultureInfo.InvariantCulture))]);
    }

    /// <summary>Whether the pane shows the alternate screen (a full-screen program is on it).</summary>
    public bool AlternateScreen => Tmux("display-message", "-p", "#{alternate_on}").Trim() == "1";

    /// <summary>Whether the pane's cursor is shown (a full-screen program hides it while it runs).</summary>
    public bool CursorVisible => Tmux("display-message", "-p", "#{cursor_flag}").Trim() == "1";

    /// <summary>The pid of the pane's shell.</summary>
    public int ShellPid => int.Parse(Tmux("display-message", "-p", "#{pane_pid}").Trim(), CultureInfo.InvariantCulture);

    /// <summary>
    /// Polls the screen until <paramref name="condition"/> holds; the machine may be loaded, so the
    /// deadline is generous. Fails with the last screen seen.
    /// </summary>
    public string WaitFor(Func<string, bool> condition, string what, bool escapes = false, int seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        string screen = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            screen = Capture(escapes);
            if (condition(screen))
                return screen;
            Thread.Sleep(100);
        }
        throw new TimeoutException($"{what}: not seen within {seconds} s. Last screen:\n{screen}");
    }

    private string Tmux(params string[] arguments)
    {
        ProcessResult result = ProcessResult.Run("tmux", ["-L", _server, .. arguments]);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed: {result.Stderr}");
        return result.Stdout;
    }

    public void Dispose() => ProcessResult.Run("tmux", ["-L", _server, "kill-server"]);
}
