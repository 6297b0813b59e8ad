using Netstate.Core.Owners;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Owners;

namespace Netstate.Core.Tests;

/// <summary>/proc/PID/cmdline, status and stat as `netstate who` reads them, from a hand-made tree.</summary>
public sealed class ProcessDetailsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("netstate-details-").FullName;

    private void Write(string relative, string content)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Fact]
    public void Reads_command_line_effective_uid_and_start_time()
    {
        Write("stat", "cpu  1 2 3\nbtime 1700000000\nprocesses 5\n");
        Write("42/cmdline", "/usr/bin/python3\0-m\0http.server\08080\0");
        Write("42/status", "Name:\tpython3\nUid:\t1000\t1001\t1001\t1001\nGid:\t100\t100\t100\t100\n");
        // A name with spaces and ')' must not shift the fields; starttime (field 22) is 12345 ticks.
        Write("42/stat", "42 (evil) name) S 1 42 42 0 -1 4194304 100 0 0 0 1 2 0 0 20 0 1 0 12345 1000 100\n");

        ProcessDetails details = ProcessFiles.Read(new ProcRoot(_root), 42);

        Assert.Equal("/usr/bin/python3 -m http.server 8080", details.CommandLine);
        Assert.Equal(1001u, details.Uid);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000).AddSeconds(123.45), details.StartedAt);
    }

    [Fact]
    public void A_kernel_thread_shows_its_comm_and_a_vanished_process_gives_nulls()
    {
        Write("7/cmdline", "");
        Write("7/comm", "kworker/0:1\n");
        Assert.Equal("[kworker/0:1]", ProcessFiles.Read(new ProcRoot(_root), 7).CommandLine);

        ProcessDetails gone = ProcessFiles.Read(new ProcRoot(_root), 99);
        Assert.Null(gone.CommandLine);
        Assert.Null(gone.Uid);
        Assert.Null(gone.StartedAt);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
