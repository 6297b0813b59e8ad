using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Netstate.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/Netstate.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args)
    {
        // Results go beside this project (ignored by git) unless --artifacts says otherwise.
        string projectDirectory = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../.."));
        IConfig config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(projectDirectory, "BenchmarkDotNet.Artifacts"));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
