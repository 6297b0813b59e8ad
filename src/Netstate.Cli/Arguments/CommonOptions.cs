using Netstate.Core.Sources;

namespace Netstate.Cli.Arguments;

/// <summary>The options every command that reads sockets spells the same way; which ones a command takes is its <see cref="CommonOption"/> set.</summary>
[Flags]
internal enum CommonOption
{
    None = 0,

    /// <summary>--proc-root DIR: read /proc from DIR.</summary>
    ProcRoot = 1,

    /// <summary>--source auto|netlink|proc: where sockets are read.</summary>
    Source = 2,

    /// <summary>--json: one JSON document instead of text.</summary>
    Json = 4,

    /// <summary>-n, --numeric: numbers instead of names.</summary>
    Numeric = 8,

    /// <summary>-v, --verbose: say more about where the figures came from.</summary>
    Verbose = 16,

    /// <summary>-h, --help: the command's usage.</summary>
    Help = 32,

    /// <summary>--net NAME|PATH|pid:PID and --all-namespaces: which network namespaces to read.</summary>
    Namespaces = 64,
}

/// <summary>The values of the common options, as <see cref="CommonOptionParser"/> read them.</summary>
internal sealed record CommonOptions
{
    public static CommonOptions None { get; } = new();

    public string? ProcRoot { get; init; }

    /// <summary>Null: netlink where possible, or /proc when --proc-root points elsewhere.</summary>
    public SourcePolicy? Source { get; init; }

    public bool Json { get; init; }

    public bool Numeric { get; init; }

    public bool Verbose { get; init; }

    public bool Help { get; init; }

    /// <summary>--net: a name under /run/netns, a path to an nsfs file, or pid:PID.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>--all-namespaces: every network namespace of the host.</summary>
    public bool AllNamespaces { get; init; }
}
