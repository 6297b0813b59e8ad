using System.Diagnostics;

namespace Netstate.Lab;

/// <summary>Finds and runs the programs the lab needs (nft, setpriv, sleep) from the calling thread, so they start in its namespace.</summary>
internal static class LabTools
{
    private static readonly string[] SystemDirectories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    /// <summary>
    /// The program's path, or null when it is not installed. The lab runs as root: the system
    /// directories come first, so a writable directory early in PATH cannot stand in for nft.
    /// </summary>
    public static string? Find(string program)
    {
        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (string directory in SystemDirectories.Concat(path.Split(':', StringSplitOptions.RemoveEmptyEntries)))
        {
            string candidate = Path.Combine(directory, program);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    public static string Require(string program, string package, string purpose) =>
        Find(program) ?? throw new LabException($"'{program}' is not installed; the lab needs it {purpose}", $"install the {package} package");

    /// <summary>Starts a program with its standard streams on pipes of its own (never the terminal or the caller's pipes).</summary>
    public static Process Start(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new LabException($"could not start {program}");
    }
}
