using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using Netstate.Core.Model;
using Netstate.IntegrationTests.TestBed;
using NetworkNamespace = Netstate.IntegrationTests.TestBed.NetworkNamespace;

namespace Netstate.IntegrationTests;

/// <summary>
/// Netstate.Core as a consumer gets it: <c>dotnet pack</c> makes the package, and the program in
/// samples/ListListeners, which references that package from a local folder feed (no project
/// reference), is built and run against a real listener that this test process owns.
/// </summary>
public sealed class SamplePackageTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("netstate-sample-");

    public void Dispose() => _work.Delete(recursive: true);

    /// <summary>
    /// Copies samples/ (without build output) to a scratch folder, packs Netstate.Core into its local
    /// feed and builds it there, restoring into an empty packages folder, so the package can only
    /// come from this pack and no stale copy from the machine's NuGet cache is used.
    /// </summary>
    private (string Package, string Program, string Restored) PackAndBuildSample()
    {
        string samples = Path.Combine(_work.FullName, "samples");
        CopySources(Path.Combine(DotnetCli.RepositoryRoot, "samples"), samples);
        string feed = Path.Combine(samples, "packages");
        // The projects this test references are built already: pack that build (no second compile).
        DotnetCli.Run("pack", Path.Combine(DotnetCli.RepositoryRoot, "src", "Netstate.Core"),
            "-c", DotnetCli.Configuration, "--no-build", "--no-restore", "-o", feed);
        string restored = Path.Combine(_work.FullName, "nuget");
        string output = Path.Combine(_work.FullName, "out");
        DotnetCli.Run("build", Path.Combine(samples, "ListListeners"), "-c", "Release", "-o", output,
            $"-p:RestorePackagesPath={restored}", "-p:UseSharedCompilation=false");
        return (Directory.GetFiles(feed, "Netstate.Core.*.nupkg").Single(), Path.Combine(output, "ListListeners.dll"), restored);
    }

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (string directory in Directory.GetDirectories(from))
        {
            if (Path.GetFileName(directory) is not ("bin" or "obj" or "packages"))
                CopySources(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    [Fact]
    public void The_sample_built_from_the_package_lists_a_listener_with_this_process_as_owner()
    {
        (string package, string program, string restored) = PackAndBuildSample();

        // The sample restored Netstate.Core as a package, from the local feed.
        Assert.True(Directory.Exists(Path.Combine(restored, "netstate.core")), "Netstate.Core was not restored as a package");
        using (JsonDocument assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(_work.FullName, "samples", "ListListeners", "obj", "project.assets.json"))))
        {
            JsonElement library = assets.RootElement.GetProperty("libraries").EnumerateObject()
                .Single(l => l.Name.StartsWith("Netstate.Core/", StringComparison.Ordinal)).Value;
            Assert.Equal("package", library.GetProperty("type").GetString());
        }
        Assert.StartsWith("Netstate.Core.", Path.GetFileName(package), StringComparison.Ordinal);

        using var ns = new NetworkNamespace();
        using Socket listener = ns.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Listen(4);
            return socket;
        });
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using Socket other = ns.Run(() =>
        {
            var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            socket.Listen(4);
            return socket;
        });
        int port6 = ((IPEndPoint)other.LocalEndPoint!).Port;

        ProcessResult run = ns.Run(() => ProcessResult.Run(Tools.DotnetHost, [program]));

        Assert.True(run.ExitCode == 0, run.Stderr);
        string pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        string[] lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // The header, then exactly this namespace's two listeners, both owned by this process.
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("Local address", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith($"127.0.0.1:{port} ", StringComparison.Ordinal) && l.Contains($" {pid}/", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"[::1]:{port6} ", StringComparison.Ordinal) && l.Contains($" {pid}/", StringComparison.Ordinal));
    }

    [Fact]
    public void The_package_carries_its_readme_documentation_and_metadata()
    {
        string feed = Path.Combine(_work.FullName, "feed");
        DotnetCli.Run("pack", Path.Combine(DotnetCli.RepositoryRoot, "src", "Netstate.Core"),
            "-c", DotnetCli.Configuration, "--no-build", "--no-restore", "-o", feed);
        using ZipArchive package = ZipFile.OpenRead(Directory.GetFiles(feed, "*.nupkg").Single());
        string[] entries = [.. package.Entries.Select(e => e.FullName)];
        Assert.Contains("README.md", entries);
        Assert.Contains("lib/net10.0/Netstate.Core.dll", entries);
        Assert.Contains("lib/net10.0/Netstate.Core.xml", entries);

        using (var readme = new StreamReader(package.GetEntry("README.md")!.Open()))
            Assert.Contains("```csharp", readme.ReadToEnd(), StringComparison.Ordinal);

        XDocument nuspec;
        using (Stream stream = package.GetEntry("Netstate.Core.nuspec")!.Open())
            nuspec = XDocument.Load(stream);
        XElement metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
        Assert.Equal("Netstate.Core", Field("id"));
        Assert.Equal("MIT", Field("license"));
        Assert.Equal("README.md", Field("readme"));
        Assert.Contains("netstat", Field("tags"), StringComparison.Ordinal);
        Assert.NotEqual("", Field("description"));
    }

    [Fact]
    public void The_library_is_marked_trimmable()
    {
        Assembly core = typeof(SocketEntry).Assembly;
        Assert.Contains(core.GetCustomAttributes<AssemblyMetadataAttribute>(), a => a is { Key: "IsTrimmable", Value: "True" });
    }
}
