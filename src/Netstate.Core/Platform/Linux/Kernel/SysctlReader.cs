using Netstate.Core.Platform.Linux.IO;
using Netstate.Core.Text;
using System.Globalization;
using Netstate.Core.Kernel;

namespace Netstate.Core.Platform.Linux.Kernel;

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
        string path = _procRoot.Sysctl(setting.Name);
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
