using Netstate.Core.Kernel;
using Netstate.Core.Platform.Linux;
using Netstate.Core.Platform.Linux.Kernel;

namespace Netstate.Core.Tests;

/// <summary>Sysctls read from a proc tree: values, vectors, and missing or unreadable files as results.</summary>
public sealed class SysctlReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("netstate-sysctl-").FullName;

    private void Write(KernelSetting setting, string content)
    {
        string path = Path.Combine(_root, setting.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private SysctlValue Read(KernelSetting setting) => new SysctlReader(new ProcRoot(_root)).Read(setting);

    [Fact]
    public void Reads_a_number()
    {
        Write(TcpSettings.FinTimeout, "37\n");
        SysctlValue value = Read(TcpSettings.FinTimeout);
        Assert.Equal(SysctlStatus.Present, value.Status);
        Assert.Equal("37", value.Text);
        Assert.Equal(37, value.AsInteger);
        Assert.Null(value.Problem);
    }

    [Fact]
    public void Reads_a_vector_with_single_spaces()
    {
        Write(TcpSettings.LocalPortRange, "32768\t60999\n");
        SysctlValue value = Read(TcpSettings.LocalPortRange);
        Assert.Equal("32768 60999", value.Text);
        Assert.Null(value.AsInteger);
    }

    [Fact]
    public void A_missing_per_namespace_setting_is_reported_as_missing_from_this_kernel()
    {
        SysctlValue value = Read(TcpSettings.TwReuseDelay);
        Assert.Equal(SysctlStatus.Missing, value.Status);
        Assert.Null(value.Text);
        Assert.Contains("this kernel", value.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_global_setting_is_explained_as_invisible_in_a_namespace()
    {
        SysctlValue value = Read(TcpSettings.MaxOrphans);
        Assert.Equal(SysctlStatus.Missing, value.Status);
        Assert.Contains("initial network namespace", value.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_setting_is_a_result_not_an_exception()
    {
        // A directory where the file should be: reading it fails the way an unreadable file does.
        Directory.CreateDirectory(Path.Combine(_root, TcpSettings.SoMaxConn.RelativePath));
        SysctlValue value = Read(TcpSettings.SoMaxConn);
        Assert.Equal(SysctlStatus.Unreadable, value.Status);
        Assert.StartsWith("cannot be read", value.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_map_to_proc_sys_paths()
    {
        Assert.Equal("sys/net/core/somaxconn", TcpSettings.SoMaxConn.RelativePath);
        Assert.Equal("tcp_fin_timeout", TcpSettings.FinTimeout.ShortName);
        Assert.Same(TcpSettings.SoMaxConn, TcpSettings.Find("somaxconn"));
        Assert.Same(TcpSettings.FinTimeout, TcpSettings.Find("net.ipv4.tcp_fin_timeout"));
        Assert.Null(TcpSettings.Find("tcp_tw_recycle"));
    }

    /// <summary>On this machine every per-namespace setting of the catalogue but the newest exists and matches /proc/sys.</summary>
    [Fact]
    public void Reads_this_machines_values()
    {
        var reader = new SysctlReader(new ProcRoot("/proc"));
        foreach (KernelSetting setting in TcpSettings.All)
        {
            SysctlValue value = reader.Read(setting);
            string path = "/proc/" + setting.RelativePath;
            if (!File.Exists(path))
            {
                Assert.Equal(SysctlStatus.Missing, value.Status);
                continue;
            }
            Assert.Equal(SysctlStatus.Present, value.Status);
            Assert.Equal(string.Join(' ', File.ReadAllText(path).Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries)), value.Text);
        }
        Assert.Equal(SysctlStatus.Present, reader.Read(TcpSettings.FinTimeout).Status);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
