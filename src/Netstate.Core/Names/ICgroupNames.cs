namespace Netstate.Core.Names;

/// <summary>Control groups by the id sock_diag reports and by path, both ways; from <c>IPlatform.CgroupNames()</c>.</summary>
internal interface ICgroupNames
{
    /// <summary>The path of a cgroup id, or null when no cgroup has it (gone, or outside our view).</summary>
    string? PathOf(ulong id);

    /// <summary>The id of a cgroup path ("/system.slice/nginx.service"), or null when there is no such cgroup.</summary>
    ulong? IdOf(string path);
}
