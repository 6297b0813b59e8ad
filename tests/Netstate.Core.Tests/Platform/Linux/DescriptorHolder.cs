using System.Diagnostics;
using System.Globalization;

namespace Netstate.Core.Tests;

/// <summary>
/// A python3 child holding a known mix of descriptors (TCP and UDP sockets, a unix socket pair,
/// a pipe, a regular file, an O_PATH descriptor of a unix socket file on disk, which is S_IFSOCK
/// but not a socket) with gaps in their numbers, until disposed. The kernel's own view of its
/// descriptors is read with readlink, as netstat does, to compare probes against.
/// </summary>
internal sealed class DescriptorHolder : IDisposable
{
    private const string Script = """
        import os, socket, sys
        directory, gaps = sys.argv[1], int(sys.argv[2])
        keep = []
        listener = socket.socket(); listener.bind(("127.0.0.1", 0)); listener.listen(); keep.append(listener)
        client = socket.create_connection(listener.getsockname()); keep.append(client)
        accepted, _ = listener.accept(); keep.append(accepted)
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); keep.append(udp)
        keep.extend(socket.socketpair())
        keep.extend(os.pipe())
        keep.append(os.open(os.path.join(directory, "file"), os.O_RDWR | os.O_CREAT))
        bound = socket.socket(socket.AF_UNIX); bound.bind(os.path.join(directory, "sock")); keep.append(bound)
        keep.append(os.open(os.path.join(directory, "sock"), os.O_PATH))
        # Gaps: open many, close all but every fourth. With gaps=1 most of the table's low numbers are
        # empty (a sparse table, listed); otherwise a few gaps only (probed by number, the rest listed).
        spare = [socket.socket(socket.AF_INET, socket.SOCK_DGRAM) for _ in range(400 if gaps else 8)]
        for i, s in enumerate(spare):
            drop = (i % 4 != 0) if gaps else (i == 3)
            if drop:
                s.close()
            else:
                keep.append(s)
        # One socket far above the table's size: only a listing finds it.
        os.dup2(udp.fileno(), 900)
        print("ready", flush=True)
        sys.stdin.read()
        """;

    private readonly Process _process;
    private readonly TempDirectory _directory = Fixture.CreateTempDirectory();

    public DescriptorHolder(bool sparse = false)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(_directory.Path);
        start.ArgumentList.Add(sparse ? "1" : "0");
        _process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        Assert.Equal("ready", _process.StandardOutput.ReadLine());
    }

    public int Pid => _process.Id;

    public string FdDirectory => $"/proc/{Pid.ToString(CultureInfo.InvariantCulture)}/fd";

    /// <summary>Every descriptor and its link text, read now.</summary>
    public Dictionary<int, string> Links() =>
        Directory.EnumerateFileSystemEntries(FdDirectory).ToDictionary(
            path => int.Parse(Path.GetFileName(path), CultureInfo.InvariantCulture),
            path => new FileInfo(path).LinkTarget ?? "");

    /// <summary>(inode, fd) of every socket, by link text "socket:[N]", in fd order.</summary>
    public List<(ulong Inode, int Fd)> SocketsByLink() =>
        [.. Links().Where(l => l.Value.StartsWith("socket:[", StringComparison.Ordinal))
            .Select(l => (ulong.Parse(l.Value[8..^1], CultureInfo.InvariantCulture), l.Key))
            .OrderBy(s => s.Key)];

    /// <summary>Ends the child at once: its descriptors vanish.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
                Kill();
        }
        _process.Dispose();
        _directory.Dispose();
    }
}
