using Netstate.Core.Model;
using Netstate.Core.Text;

namespace Netstate.Cli.Commands;

/// <summary>
/// Writes source notes to stderr: warnings always, which source served a table only with -v, and
/// each message once per run, however many rounds of -c repeat it.
/// </summary>
internal sealed class NoteReporter
{
    private readonly TextWriter _err;
    private readonly bool _verbose;
    private readonly HashSet<string> _written = [];

    public NoteReporter(TextWriter stderr, bool verbose)
    {
        _err = stderr;
        _verbose = verbose;
    }

    public void Report(IEnumerable<SourceNote> notes)
    {
        foreach (SourceNote note in notes)
        {
            // Notes quote files, paths and kernel text: whatever produced them, nothing raw reaches the terminal.
            string message = UntrustedText.Escape(note.Message);
            if (note.Kind == SourceNoteKind.Warning)
                Once(note.Message, $"netstate: warning: {message}");
            else if (_verbose)
                Once(note.Message, $"netstate: {message}");
        }
    }

    /// <summary>Writes <paramref name="line"/> unless a line with this <paramref name="key"/> was written before.</summary>
    public void Once(string key, string line)
    {
        if (_written.Add(key))
            _err.WriteLine(line);
    }
}
