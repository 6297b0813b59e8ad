using System.Globalization;
using System.Text;
using Netstate.Core.Model;

namespace Netstate.Core.Platform.Linux.Namespaces;

/// <summary>
/// Recognises a container from a process's cgroup path, as each runtime names its cgroups:
/// <c>docker-ID.scope</c> or <c>/docker/ID</c> (Docker), <c>cri-containerd-ID.scope</c> (containerd),
/// <c>/kubepods/.../ID</c> (Kubernetes with the cgroupfs driver), <c>crio-ID.scope</c> (CRI-O),
/// <c>libpod-ID.scope</c> (Podman), <c>machine-NAME.scope</c> (systemd-nspawn).
/// </summary>
internal static class ContainerCgroups
{
    private static readonly (string Prefix, string Runtime)[] Scopes =
    [
        ("docker-", "docker"),
        ("cri-containerd-", "containerd"),
        ("crio-", "cri-o"),
        ("libpod-", "podman"),
    ];

    /// <summary>The container of a cgroup path ("/system.slice/docker-3f2a….scope"); null when none is recognised.</summary>
    public static ContainerId? Recognise(string cgroupPath)
    {
        ArgumentNullException.ThrowIfNull(cgroupPath);
        string[] parts = cgroupPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // The innermost part that names a container wins: a container's own sub-cgroups come below it.
        for (int i = parts.Length - 1; i >= 0; i--)
        {
            string part = parts[i];
            if (part.EndsWith(".scope", StringComparison.Ordinal))
            {
                string name = part[..^".scope".Length];
                foreach ((string prefix, string runtime) in Scopes)
                {
                    if (name.StartsWith(prefix, StringComparison.Ordinal) && IsContainerId(name[prefix.Length..]))
                        return new ContainerId(runtime, name[prefix.Length..]);
                }
                if (name.StartsWith("machine-", StringComparison.Ordinal) && i > 0 && parts[i - 1] == "machine.slice")
                    return new ContainerId("nspawn", UnescapeUnitName(name["machine-".Length..]));
            }
            if (IsContainerId(part) && i > 0)
            {
                if (parts[i - 1] == "docker")
                    return new ContainerId("docker", part);
                if (parts[0] == "kubepods" || parts[0] == "kubepods.slice")
                    return new ContainerId("kubernetes", part);
            }
        }
        return null;
    }

    /// <summary>
    /// The container of a /proc/PID/cgroup file: every hierarchy's path is tried (cgroup v2's "0::"
    /// line, and the v1 hierarchies a hybrid system still uses), the first recognised wins.
    /// </summary>
    public static ContainerId? RecogniseFile(string cgroupFile)
    {
        ArgumentNullException.ThrowIfNull(cgroupFile);
        foreach (string line in cgroupFile.Split('\n'))
        {
            string[] fields = line.Split(':', 3);
            if (fields.Length == 3 && Recognise(fields[2]) is { } container)
                return container;
        }
        return null;
    }

    /// <summary>Container ids are 64 lower-case hex digits.</summary>
    private static bool IsContainerId(string text) =>
        text.Length == 64 && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>systemd escapes a unit name's bytes as \xNN ("my\x2dbox" is "my-box").</summary>
    private static string UnescapeUnitName(string name)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] == '\\' && i + 3 < name.Length && name[i + 1] == 'x'
                && byte.TryParse(name.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out byte value))
            {
                bytes.Add(value);
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(name[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }
}
