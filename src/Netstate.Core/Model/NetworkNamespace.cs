using System.Globalization;

namespace Netstate.Core.Model;

/// <summary>
/// One network namespace sockets were read in: its identity (the nsfs inode, as
/// <c>readlink /proc/PID/ns/net</c> shows it) and what people call it.
/// </summary>
/// <param name="Inode">The namespace's inode number: the same for every process and mount that refers to it.</param>
public sealed record NetworkNamespace(ulong Inode)
{
    /// <summary>Its name under /run/netns (ip netns), /run/docker/netns or CNI's netns directory; null when it has none.</summary>
    public string? Name { get; init; }

    /// <summary>The container its processes belong to, from their cgroup; null when none is recognised.</summary>
    public ContainerId? Container { get; init; }

    /// <summary>Whether netstate itself runs in it (the host's namespace, unless netstate runs in a container).</summary>
    public bool IsOwn { get; init; }

    /// <summary>A process in it, when one is; null for a namespace only a mount keeps alive.</summary>
    public int? Pid { get; init; }

    /// <summary>A file that refers to it (a bind mount, or /proc/PID/ns/net), for entering it.</summary>
    internal string? Path { get; init; }

    /// <summary>The kernel's own spelling, "net:[4026531840]".</summary>
    public string KernelName => "net:[" + Inode.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>What a table shows: the name, else the container ("docker:3f2a9c1b7d4e"), else the kernel's spelling.</summary>
    public string Label => Name ?? Container?.ToString() ?? KernelName;
}

/// <summary>A container as its runtime names it: "docker" and the id (shortened to 12 characters when shown).</summary>
/// <param name="Runtime">docker, containerd, cri-o, podman or nspawn.</param>
/// <param name="Id">The container's id (or machine name for systemd-nspawn).</param>
public sealed record ContainerId(string Runtime, string Id)
{
    /// <summary>"docker:3f2a9c1b7d4e": ids of 64 hex digits are cut to 12, as docker ps shows them.</summary>
    public override string ToString() => Runtime + ":" + (Id.Length == 64 ? Id[..12] : Id);
}
