using Netstate.Cli.Arguments;
using Netstate.Cli.Rendering;
using Netstate.Core.Kernel;
using Netstate.Core.Platform;
using Netstate.Core.Text;

namespace Netstate.Cli.Commands;

/// <summary>
/// netstat -i, the interface table, or with -e the ifconfig-style blocks: up interfaces, or all of
/// them with -a; -c repeats it.
/// </summary>
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
        IPlatform platform = Platforms.Open(_options.ProcRoot);
        IInterfaceDetails details = _details ?? platform.OpenInterfaceDetails();
        using IDisposable? own = _details is null ? details as IDisposable : null;
        var renderer = new InterfaceTableRenderer(_out);
        var blocks = _options.Extend >= 1 ? new IfconfigRenderer(_out) : null;
        // netstat prints the title once and, without -e, the column header every round of -c.
        renderer.WriteTitle();
        return Repetition.Run(_options, _out, () =>
        {
            InterfaceTable table = platform.ReadInterfaces(details);
            var problems = new List<string>(table.Problems);
            Dictionary<string, List<Ipv6InterfaceAddress>>? ipv6 = blocks is null ? null
                : platform.ReadIpv6Addresses(problems);
            foreach (string problem in problems)
                _notes.Once(problem, UntrustedText.Escape($"netstate: {problem}"));
            if (blocks is null)
                renderer.WriteHeader();
            foreach (InterfaceRow row in table.Rows)
            {
                if (!_options.All && (row.Flags & InterfaceState.Up) == 0)
                    continue;
                if (blocks is null)
                    renderer.WriteRow(row);
                else
                    blocks.WriteBlock(row, details.Configuration(row.Name), ipv6!.GetValueOrDefault(row.Name) ?? []);
            }
            return ReturnCode.Success;
        });
    }
}
