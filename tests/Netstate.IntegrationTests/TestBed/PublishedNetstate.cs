using System.Diagnostics;

namespace Netstate.IntegrationTests.TestBed;

/// <summary>
/// The product as users get it: <c>dotnet publish src/Netstate.Cli</c> (Native AOT, self-contained),
/// published once per test run into the test output directory, the first time a test asks for it.
/// Every integration test runs <see cref="Binary"/> (through <see cref="Tools.Netstate"/>), so an
/// AOT-only failure (trimmed reflection, JSON, interop) fails a test; only the tests that compare the
/// two builds also run the JIT build.
/// </summary>
public static class PublishedNetstate
{
    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The native executable, published on first use (a few minutes on two cores; then incremental).</summary>
    public static string Binary => Published.Value;

    /// <summary>The directory the binary was published to.</summary>
    public static string Directory => Path.GetDirectoryName(Binary)!;

    /// <summary>The repository checkout the tests were built from.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Runs the native executable with <paramref name="arguments"/> and waits for it.</summary>
    public static ProcessResult Run(params string[] arguments) => ProcessResult.Run(Binary, arguments);

    /// <summary>Runs it inside a test's private network namespace.</summary>
    public static ProcessResult Run(NetworkNamespace ns, params string[] arguments) => ns.Run(() => ProcessResult.Run(Binary, arguments));

    private static string Publish()
    {
        string output = Path.Combine(AppContext.BaseDirectory, "published-aot");
        ProcessResult result = Dotnet(TimeSpan.FromMinutes(10), "publish", Path.Combine(RepositoryRoot, "src", "Netstate.Cli"),
            "-c", "Release", "-o", output, "--nologo");
        string binary = Path.Combine(output, "netstate");
        if (result.ExitCode != 0 || !File.Exists(binary))
            throw new InvalidOperationException($"dotnet publish failed (exit {result.ExitCode}); Native AOT needs clang (./test.sh installs it):\n{result.Stdout}\n{result.Stderr}");
        return binary;
    }

    /// <summary>
    /// Runs the dotnet CLI as a user would, without the MSBuild variables the test host inherits
    /// from 'dotnet test' (they would point the child build at the test run's MSBuild node).
    /// </summary>
    public static ProcessResult Dotnet(TimeSpan within, params string[] arguments)
    {
        var start = new ProcessStartInfo(Tools.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("DOTNET_CLI_", StringComparison.Ordinal) || k is "MSBuildExtensionsPath" or "MSBuildSDKsPath").ToList())
            start.Environment.Remove(name);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(within))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in {within.TotalMinutes} min");
        }
        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Netstate.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"no Netstate.slnx above {AppContext.BaseDirectory}: the tests run from the repository's build output");
    }
}
