using System.Reflection;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// Runs the dotnet CLI (pack, build) from a test. No build server or MSBuild node may outlive the
/// command: one that did would hold the output pipes open and keep the test waiting.
/// </summary>
public static class DotnetCli
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
    };

    /// <summary>The repository this test assembly was built from (the folder holding Netstate.slnx).</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Netstate.slnx")))
                    return directory.FullName;
            }
            throw new InvalidOperationException($"no Netstate.slnx above {AppContext.BaseDirectory}");
        }
    }

    /// <summary>The configuration this test assembly (and the projects it references) was built in.</summary>
    public static string Configuration =>
        typeof(DotnetCli).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>Runs <c>dotnet ARGS</c> and fails the test with its output when it does not succeed.</summary>
    public static ProcessResult Run(params string[] arguments)
    {
        ProcessResult result = ProcessResult.Run(Tools.DotnetHost, [.. arguments, "-nodeReuse:false"], Environment, TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Stdout}\n{result.Stderr}");
        return result;
    }
}
