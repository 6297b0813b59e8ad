using System.Globalization;
using System.Text;

namespace Netstate.Benchmarks.Synthetic;

/// <summary>
/// A /proc look-alike on disk for the owner scan: <c>ROOT/PID/cmdline</c> and <c>ROOT/PID/fd/N</c>
/// as real symlinks whose text is <c>socket:[INODE]</c> (readlink reads the text; the target need not
/// exist). Fds 0-2 point at /dev/null, as in a daemon. Built on tmpfs (/dev/shm) when there is one,
/// since /proc lives in memory too and a busy disk would make the build crawl; deleted on
/// <see cref="Dispose"/>.
/// </summary>
public sealed class FakeProcTree : IDisposable
{
    private const int FirstPid = 4000;
    private const int FirstSocketFd = 3;

    public FakeProcTree(int processes, int socketsPerProcess)
    {
        string parent = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        Root = Path.Combine(parent, "netstate-bench-proc-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
        Processes = processes;
        SocketsPerProcess = socketsPerProcess;
        for (int p = 0; p < processes; p++)
        {
            int pid = FirstPid + p;
            string processDirectory = Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture));
            string fdDirectory = Path.Combine(processDirectory, "fd");
            Directory.CreateDirectory(fdDirectory);
            File.WriteAllBytes(Path.Combine(processDirectory, "cmdline"),
                Encoding.ASCII.GetBytes($"/usr/sbin/fake-server\0--worker\0{p}\0"));
            for (int fd = 0; fd < FirstSocketFd; fd++)
                File.CreateSymbolicLink(Path.Combine(fdDirectory, fd.ToString(CultureInfo.InvariantCulture)), "/dev/null");
            for (int s = 0; s < socketsPerProcess; s++)
            {
                long inode = 1_000_000L + ((long)p * socketsPerProcess) + s;
                File.CreateSymbolicLink(
                    Path.Combine(fdDirectory, (FirstSocketFd + s).ToString(CultureInfo.InvariantCulture)),
                    "socket:[" + inode.ToString(CultureInfo.InvariantCulture) + "]");
            }
        }
        // Non-process entries the scanner must skip, as in the real /proc.
        Directory.CreateDirectory(Path.Combine(Root, "net"));
        File.WriteAllText(Path.Combine(Root, "uptime"), "1.00 1.00\n");
    }

    public string Root { get; }

    public int Processes { get; }

    public int SocketsPerProcess { get; }

    public int Sockets => Processes * SocketsPerProcess;

    public void Dispose()
    {
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }
}
