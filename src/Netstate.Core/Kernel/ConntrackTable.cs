using Netstate.Core.Model;

namespace Netstate.Core.Kernel;

/// <summary>Why the conntrack table could not be read.</summary>
internal enum ConntrackUnavailable
{
    /// <summary>The table was read.</summary>
    None,
    /// <summary>nf_conntrack is not loaded in this network namespace's kernel: neither its table nor its sysctls exist.</summary>
    NotLoaded,
    /// <summary>conntrack is loaded but the kernel was built without CONFIG_NF_CONNTRACK_PROCFS (only ctnetlink can list it).</summary>
    NoProcTable,
    /// <summary>The file exists but could not be read (not root: it is mode 0440).</summary>
    Unreadable,
}

/// <summary>What one read of the conntrack table gave: the entries, or why there are none, and notes on bad lines.</summary>
internal sealed record ConntrackTable(string File, IReadOnlyList<ConntrackEntry> Entries, ConntrackUnavailable Unavailable, string? Error, IReadOnlyList<SourceNote> Notes);
