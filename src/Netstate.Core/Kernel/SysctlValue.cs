using System.Globalization;

namespace Netstate.Core.Kernel;

/// <summary>Whether a sysctl could be read.</summary>
internal enum SysctlStatus
{
    Present,
    /// <summary>No such file: an older kernel, or a global setting seen from a child namespace.</summary>
    Missing,
    /// <summary>The file exists but reading it failed (permissions, I/O).</summary>
    Unreadable,
}

/// <summary>One setting's value as read, or why it could not be.</summary>
/// <param name="Setting">The setting.</param>
/// <param name="Status">Whether the value was read.</param>
/// <param name="Text">The value with its fields separated by single spaces; null unless present.</param>
/// <param name="Problem">Why there is no value; null when present.</param>
internal sealed record SysctlValue(KernelSetting Setting, SysctlStatus Status, string? Text, string? Problem)
{
    /// <summary>The value as a whole number, when it is one.</summary>
    public long? AsInteger =>
        Text is not null && long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : null;
}
