using Netstate.IntegrationTests.TestBed;

namespace Netstate.IntegrationTests;

/// <summary>dotnet pack makes a tool package that dotnet tool install installs and runs as 'netstate'.</summary>
public sealed class DotnetToolTests
{
    [Fact]
    public void The_tool_package_installs_and_runs()
    {
        string work = System.IO.Directory.CreateTempSubdirectory("netstate-tool-").FullName;
        try
        {
            string feed = Path.Combine(work, "feed"), tools = Path.Combine(work, "tools"), config = Path.Combine(work, "nuget.config");
            // The build 'dotnet test' just made (in this test run's configuration) is what gets packed: no second compile.
            string configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))!);
            ProcessResult pack = PublishedNetstate.Dotnet(TimeSpan.FromMinutes(5), "pack", Path.Combine(PublishedNetstate.RepositoryRoot, "src", "Netstate.Cli"),
                "-c", configuration, "--no-build", "-o", feed, "--nologo");
            Assert.True(pack.ExitCode == 0, $"dotnet pack failed:\n{pack.Stdout}\n{pack.Stderr}");
            string package = Assert.Single(System.IO.Directory.GetFiles(feed, "netstate.*.nupkg"));
            // The package names the licence of LICENSE (MIT) and its holders, as the .deb does.
            using (System.IO.Compression.ZipArchive archive = System.IO.Compression.ZipFile.OpenRead(package))
            {
                using var reader = new StreamReader(archive.GetEntry("netstate.nuspec")!.Open());
                string nuspec = reader.ReadToEnd();
                Assert.Contains("<license type=\"expression\">MIT</license>", nuspec, StringComparison.Ordinal);
                Assert.Contains("<authors>the netstate authors</authors>", nuspec, StringComparison.Ordinal);
            }

            // Only the local folder as a source, so a package of the same name elsewhere cannot be picked.
            File.WriteAllText(config, $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration><packageSources><clear /><add key="local" value="{feed}" /></packageSources></configuration>
                """);
            ProcessResult install = PublishedNetstate.Dotnet(TimeSpan.FromMinutes(5), "tool", "install", "--tool-path", tools,
                "--configfile", config, "--add-source", feed, "netstate");
            Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{install.Stdout}\n{install.Stderr}");

            ProcessResult version = ProcessResult.Run(Path.Combine(tools, "netstate"), ["--version"]);
            ProcessResult jit = ProcessResult.Run(Tools.DotnetHost, [Tools.NetstateDll, "--version"]);
            Assert.Equal(0, version.ExitCode);
            Assert.Equal(jit.Stdout, version.Stdout);
            ProcessResult listing = ProcessResult.Run(Path.Combine(tools, "netstate"), ["-tln"]);
            Assert.True(listing.ExitCode == 0, listing.Stderr);
            Assert.StartsWith("Active Internet connections (only servers)\n", listing.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.Directory.Delete(work, recursive: true);
        }
    }
}
