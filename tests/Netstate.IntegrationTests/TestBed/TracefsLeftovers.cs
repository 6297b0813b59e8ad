namespace Netstate.IntegrationTests.TestBed;

/// <summary>What a netstate run that traced may leave in tracefs: its instance and its private mount, both named after its pid.</summary>
public static class TracefsLeftovers
{
    /// <summary>Whether an instance of that name exists in any tracefs mount of this machine.</summary>
    public static bool InstanceExists(string name) => Mounts().Any(m => Directory.Exists(Path.Combine(m, "instances", name)));

    public static IEnumerable<string> Mounts() => File.ReadAllLines("/proc/self/mountinfo")
        .Where(l => l.Contains(" - tracefs ", StringComparison.Ordinal))
        .Select(l => l.Split(' ')[4]);

    /// <summary>No instance and no mount point named after the run's pid remain.</summary>
    public static void AssertNoneOf(int pid)
    {
        string tag = $"netstate-{pid}-";
        foreach (string mount in Mounts())
            Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(mount, "instances")), d => Path.GetFileName(d).StartsWith(tag, StringComparison.Ordinal));
        Assert.DoesNotContain(Mounts(), m => m.Contains($"netstate-tracefs-{pid}-", StringComparison.Ordinal));
        Assert.False(Directory.GetDirectories("/run", $"netstate-tracefs-{pid}-*").Length > 0, "the private mount point is removed");
    }
}
