using Netstate.Core.IO;
using Netstate.Core.Text;
using System.Globalization;
using Netstate.Core.Sources.Linux;

namespace Netstate.Core.Kernel;

/// <summary>
/// Reads sysctl values from a proc tree's sys/ directory. The net.* values a process sees are
/// those of its own network namespace, so a run inside a namespace reports that namespace's
/// settings. A missing or unreadable file is a result, not an exception.
/// </summary>
internal sealed class SysctlReader
{
    private readonly ProcRoot _procRoot;

    public SysctlReader(ProcRoot procRoot) => _procRoot = procRoot;

    public SysctlValue Read(KernelSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        string path = _procRoot.Path + "/" + setting.RelativePath;
        try
        {
            // Whitespace-separated vectors (ip_local_port_range is "32768\t60999") read as one space each.
            string[] words = BoundedFile.ReadAllText(path).Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return new SysctlValue(setting, SysctlStatus.Present, string.Join(' ', words), null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            string why = setting.PerNamespace
                ? "not present: this kernel does not have it"
                : "not visible here: a global setting that only the initial network namespace shows";
            return new SysctlValue(setting, SysctlStatus.Missing, null, why);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SysctlValue(setting, SysctlStatus.Unreadable, null, $"cannot be read: {ErrorText.Of(e)}");
        }
    }

    /// <summary>Reads each setting once, in order.</summary>
    public IReadOnlyList<SysctlValue> ReadAll(IEnumerable<KernelSetting> settings) => settings.Select(Read).ToList();
}

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
