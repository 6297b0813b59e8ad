using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// Five network namespaces with a listener and one connection each: three named (ip netns add), one
/// only a process is in (unshare -n), and one whose only process sits in a cgroup named the way
/// Docker names a container's scope. Everything is removed on dispose, and what a killed earlier run
/// left (its named namespaces and cgroups carry its pid) is removed first.
/// </summary>
public sealed class NamespaceBed : IDisposable
{
    public const string ContainerId = "5ca1ab1e00000000000000000000000000000000000000000000000000c0ffee";
    private const string Prefix = "nstest-";

    private readonly string _tag = Prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
    private readonly List<Process> _holders = [];
    private readonly List<NetworkNamespace> _threads = [];
    private readonly List<IDisposable> _sockets = [];
    private readonly string? _cgroup;

    public NamespaceBed()
    {
        RemoveLeftovers();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                string name = $"{_tag}-{(char)('a' + i)}";
                Check(ProcessResult.Run("ip", ["netns", "add", name]), "ip netns add");
                Named.Add(name);
                Populate($"/run/netns/{name}", (ushort)(7101 + i));
            }
            Process unnamed = StartHolder();
            UnnamedPid = unnamed.Id;
            Populate($"/proc/{UnnamedPid}/ns/net", 7104);

            Process contained = StartHolder();
            ContainedPid = contained.Id;
            _cgroup = Path.Combine(CgroupMount(), _tag, $"docker-{ContainerId}.scope");
            Directory.CreateDirectory(_cgroup);
            File.WriteAllText(Path.Combine(_cgroup, "cgroup.procs"), ContainedPid.ToString(CultureInfo.InvariantCulture));
            Populate($"/proc/{ContainedPid}/ns/net", 7105);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The three named namespaces (ports 7101, 7102, 7103).</summary>
    public List<string> Named { get; } = [];

    /// <summary>The process alone in an unnamed namespace (port 7104).</summary>
    public int UnnamedPid { get; }

    /// <summary>The process in the Docker-like cgroup, alone in its namespace (port 7105).</summary>
    public int ContainedPid { get; }

    /// <summary>The kernel's name of a process's namespace, net:[INODE].</summary>
    public static string KernelName(int pid) => new FileInfo($"/proc/{pid}/ns/net").LinkTarget!;

    /// <summary>ss -tanH inside a namespace entered by nsenter: "local peer" per socket, sorted.</summary>
    public static List<string> SsPairs(string nsPath)
    {
        ProcessResult ss = ProcessResult.Run(Tools.Require("nsenter", "util-linux"), [$"--net={nsPath}", Tools.Require("ss", "iproute2"), "-tanH"]);
        Check(ss, "nsenter ss");
        return ss.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => f[3] + " " + f[4]).Order(StringComparer.Ordinal).ToList();
    }

    private void Populate(string path, ushort port)
    {
        var thread = new NetworkNamespace(path);
        _threads.Add(thread);
        thread.Run(() =>
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            var client = new TcpClient(AddressFamily.InterNetwork);
            client.Connect(IPAddress.Loopback, port);
            Socket accepted = listener.AcceptSocket();
            _sockets.Add(client);
            _sockets.Add(accepted);
            _sockets.Add(new Stopper(listener));
        });
    }

    private Process StartHolder()
    {
        // Bounded, so a SIGKILLed test run leaves nothing running for long.
        var start = new ProcessStartInfo(Tools.Require("unshare", "util-linux")) { UseShellExecute = false };
        foreach (string argument in new[] { "--net", "sleep", "300" })
            start.ArgumentList.Add(argument);
        Process process = Process.Start(start)!;
        _holders.Add(process);
        // unshare execs sleep once the namespace is made: wait until the namespace differs from ours.
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (KernelNameOrNull(process.Id) == KernelName(Environment.ProcessId) || KernelNameOrNull(process.Id) is null)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("unshare --net did not enter a new namespace in 30 s");
            Thread.Sleep(20);
        }
        return process;
    }

    private static string? KernelNameOrNull(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/ns/net").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Where cgroup v2 is mounted: /sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid systems.</summary>
    private static string CgroupMount() =>
        File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')).FirstOrDefault(f => f.Length > 2 && f[2] == "cgroup2")?[1]
        ?? throw new InvalidOperationException("no cgroup2 hierarchy is mounted: the container test needs one");

    private static void RemoveLeftovers()
    {
        if (Directory.Exists("/run/netns"))
        {
            foreach (string file in Directory.GetFiles("/run/netns", Prefix + "*"))
            {
                if (IsDeadRun(Path.GetFileName(file)))
                    ProcessResult.Run("ip", ["netns", "del", Path.GetFileName(file)]);
            }
        }
        string mount = CgroupMount();
        foreach (string directory in Directory.GetDirectories(mount, Prefix + "*"))
        {
            if (IsDeadRun(Path.GetFileName(directory)))
                RemoveCgroup(directory);
        }
    }

    /// <summary>"nstest-PID-a": whether PID is no longer running.</summary>
    private static bool IsDeadRun(string name)
    {
        string[] parts = name[Prefix.Length..].Split('-');
        return int.TryParse(parts[0], out int pid) && !Directory.Exists($"/proc/{pid}");
    }

    private static void RemoveCgroup(string directory)
    {
        foreach (string child in Directory.GetDirectories(directory))
            Directory.Delete(child);
        Directory.Delete(directory);
    }

    private static void Check(ProcessResult result, string what)
    {
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{what} failed: {result.Stderr}");
    }

    public void Dispose()
    {
        foreach (IDisposable socket in _sockets)
            socket.Dispose();
        foreach (NetworkNamespace thread in _threads)
            thread.Dispose();
        foreach (Process holder in _holders)
        {
            if (!holder.HasExited)
                holder.Kill();
            holder.WaitForExit();
            holder.Dispose();
        }
        foreach (string name in Named)
            ProcessResult.Run("ip", ["netns", "del", name]);
        if (_cgroup is not null && Directory.Exists(Path.GetDirectoryName(_cgroup)))
            RemoveCgroup(Path.GetDirectoryName(_cgroup)!);
    }

    private sealed class Stopper(TcpListener listener) : IDisposable
    {
        public void Dispose() => listener.Stop();
    }
}
