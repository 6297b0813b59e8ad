namespace Netstate.IntegrationTests.TestBed;

/// <summary>Where the programs under comparison live.</summary>
public static class Tools
{
    /// <summary>
    /// The netstate users run: the Native AOT executable, published once per test run. Every test
    /// that runs netstate runs this, so an AOT-only failure (trimmed reflection, JSON, interop) fails.
    /// </summary>
    public static string NetstateBinary => PublishedNetstate.Binary;

    /// <summary>The JIT build this test project references (run through the dotnet host): only to compare against.</summary>
    public static string NetstateDll => Path.Combine(AppContext.BaseDirectory, "netstate.dll");

    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>Fails with the fix when a peer tool is missing, instead of skipping.</summary>
    public static string Require(string program, string package)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin:/usr/sbin:/sbin").Split(':').Append("/usr/sbin").Append("/sbin"))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new InvalidOperationException($"'{program}' is not installed: run ./test.sh (it installs {package}) or apt-get install {package}");
    }

    /// <summary>
    /// netstate with its output redirected and SIGINT, SIGQUIT, SIGTERM and SIGHUP at their defaults,
    /// as at a terminal. A test run started in the background of a shell (as CI may run it) inherits
    /// SIGINT and SIGQUIT ignored, exec keeps them ignored and .NET then leaves them so: env resets
    /// them, then execs netstate under the same pid.
    /// </summary>
    public static System.Diagnostics.ProcessStartInfo NetstateWithDefaultSignals(IEnumerable<string> arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Require("env", "coreutils"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT,QUIT,TERM,HUP");
        start.ArgumentList.Add(NetstateBinary);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        return start;
    }

    public static ProcessResult Netstate(NetworkNamespace ns, params string[] arguments) =>
        ns.Run(() => ProcessResult.Run(NetstateBinary, arguments));

    /// <summary>The JIT build, for the tests that compare it with the native binary.</summary>
    public static ProcessResult NetstateJit(NetworkNamespace ns, params string[] arguments) =>
        ns.Run(() => ProcessResult.Run(DotnetHost, [NetstateDll, .. arguments]));

    public static ProcessResult Netstat(NetworkNamespace ns, params string[] arguments) =>
        ns.Run(() => ProcessResult.Run(Require("netstat", "net-tools"), arguments));
}
