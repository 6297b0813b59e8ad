using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Sources.Linux;
using Netstate.Core.Text;

namespace Netstate.Cli.Commands;

/// <summary>netstat -i, the interface table: up interfaces, or all of them with -a; -c repeats it.</summary>
internal sealed class InterfaceTableCommand
{
    private readonly NetstatOptions _options;
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly IInterfaceDetails? _details;
    private readonly NoteReporter _notes;

    public InterfaceTableCommand(NetstatOptions options, TextWriter stdout, TextWriter stderr)
        : this(options, stdout, stderr, null)
    {
    }

    /// <param name="options">The parsed command line.</param>
    /// <param name="stdout">Where the table goes.</param>
    /// <param name="stderr">Where problems go.</param>
    /// <param name="details">Flags and MTU; null reads them from the running kernel (tests pass a fake).</param>
    internal InterfaceTableCommand(NetstatOptions options, TextWriter stdout, TextWriter stderr, IInterfaceDetails? details)
    {
        _options = options;
        _out = stdout;
        _err = stderr;
        _details = details;
        _notes = new NoteReporter(stderr, options.Verbose);
    }

    public ReturnCode Run()
    {
        if (_options.Extend >= 1)
            throw new UserFacingException("the ifconfig-style interface listing (-ie) is not implemented yet",
                "use netstate -i for the table, or ip -s address for the details");
        ProcRoot procRoot = ProcRoot.FromEnvironment(_options.ProcRoot);
        using LinuxInterfaceDetails? own = _details is null ? new LinuxInterfaceDetails() : null;
        IInterfaceDetails details = _details ?? own!;
        var renderer = new InterfaceTableRenderer(_out);
        // netstat prints the title once and the column header every round of -c.
        renderer.WriteTitle();
        return Repetition.Run(_options, _out, () =>
        {
            InterfaceTable table = InterfaceTableReader.Read(procRoot, details);
            foreach (string problem in table.Problems)
                _notes.Once(problem, UntrustedText.Escape($"netstate: {problem}"));
            renderer.WriteHeader();
            foreach (InterfaceRow row in table.Rows)
            {
                if (_options.All || (row.Flags & InterfaceState.Up) != 0)
                    renderer.WriteRow(row);
            }
            return ReturnCode.Success;
        });
    }
}
