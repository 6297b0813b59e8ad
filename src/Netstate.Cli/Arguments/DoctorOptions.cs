using System.Globalization;
using Netstate.Core.Sources;

namespace Netstate.Cli.Arguments;

/// <summary>The command line of <c>netstate doctor</c>.</summary>
internal sealed class DoctorOptions
{
    public bool Help { get; private set; }

    public bool Json { get; private set; }

    /// <summary>How long to watch the kernel counters, to tell what happens now from what happened since boot.</summary>
    public TimeSpan Window { get; private set; } = TimeSpan.FromSeconds(1);

    public bool Verbose { get; private set; }

    public string? ProcRoot { get; private set; }

    public SourcePolicy? Source { get; private set; }

    public static DoctorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DoctorOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            string name = equals > 0 && arg.StartsWith("--", StringComparison.Ordinal) ? arg[..equals] : arg;
            string Value() => equals > 0 ? arg[(equals + 1)..]
                : i + 1 < args.Count ? args[++i]
                : throw new UsageException($"option '{name}' needs a value", "see 'netstate doctor --help'");
            switch (name)
            {
                case "--json": options.Json = true; break;
                case "-v" or "--verbose": options.Verbose = true; break;
                case "--window":
                    string window = Value();
                    options.Window = double.TryParse(window, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds) && seconds <= 3600
                        ? TimeSpan.FromSeconds(seconds)
                        : throw new UsageException($"--window needs a number of seconds from 0 to 3600, not '{window}'");
                    break;
                case "--proc-root":
                    string root = Value();
                    options.ProcRoot = root.Length > 0 ? root : throw new UsageException("--proc-root needs a directory");
                    break;
                case "--source": options.Source = NetstatArgumentParser.ParseSource(Value()); break;
                case "-h" or "--help": options.Help = true; break;
                default: throw new UsageException($"unknown option '{arg}' for doctor", "see 'netstate doctor --help'");
            }
        }
        return options;
    }
}
