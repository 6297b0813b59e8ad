using System.Diagnostics;

namespace Netstate.Core.Lab;

/// <summary>
/// Finds and runs the programs the lab needs (nft, cat) from the calling thread, so they start in its
/// namespace. Every wait on a child is bounded: its output is read while it runs (a child that fills
/// a pipe nobody reads never finishes), the wait has a deadline and ends at Ctrl+C, and a child that
/// overstays is killed.
/// </summary>
internal static class LabTools
{
    private static readonly string[] SystemDirectories = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];

    /// <summary>How long a killed child may take to be reaped (and so to release what it held).</summary>
    private static readonly TimeSpan ReapLimit = TimeSpan.FromSeconds(5);

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

    /// <summary>
    /// Runs a program to its end with <paramref name="input"/> on its standard input, for at most
    /// <paramref name="limit"/>. Throws <see cref="LabException"/> when it overstays (it is killed) and
    /// <see cref="OperationCanceledException"/> at Ctrl+C (it is killed too).
    /// </summary>
    public static ChildResult Run(string program, IEnumerable<string> arguments, string input, TimeSpan limit, CancellationToken cancel)
    {
        using Process process = Start(program, arguments);
        Task<string> output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        Task<string> errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It exited without reading everything: its exit status and stderr say why.
        }
        bool finished;
        try
        {
            finished = process.WaitForExitAsync(cancel).Wait(limit, CancellationToken.None);
        }
        catch (AggregateException e) when (e.InnerException is OperationCanceledException)
        {
            Kill(process);
            throw new OperationCanceledException(cancel);
        }
        string name = Path.GetFileName(program);
        if (!finished)
        {
            Kill(process);
            throw new LabException($"{name} did not finish in {limit.TotalSeconds:0.#} s and was killed");
        }
        // Ctrl+C reaches the child too (same process group): one that died of it was interrupted, not refused.
        if (process.ExitCode is 128 + 2 or 128 + 15 && cancel.WaitHandle.WaitOne(ReapLimit))
            throw new OperationCanceledException(cancel);
        // The pipes close when it exits, unless it left a process of its own holding them.
        Task.WaitAll([output, errors], ReapLimit);
        return new ChildResult(name, process.ExitCode, Completed(output), Completed(errors));
    }

    /// <summary>SIGKILL, then waits (bounded) until the kernel has reaped it.</summary>
    public static void Kill(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
                process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        process.WaitForExit(ReapLimit);
    }

    private static string Completed(Task<string> read) => read.IsCompletedSuccessfully ? read.Result : "";
}

/// <summary>How a child run by <see cref="LabTools.Run"/> ended.</summary>
/// <param name="Name">The program's file name, for messages.</param>
/// <param name="ExitCode">Its exit status; 128 + N when signal N killed it.</param>
/// <param name="Output">What it wrote to standard output.</param>
/// <param name="Errors">What it wrote to standard error.</param>
internal sealed record ChildResult(string Name, int ExitCode, string Output, string Errors)
{
    /// <summary>What went wrong in its own words, or how it ended when it said nothing.</summary>
    public string Reason => Errors.Trim() is { Length: > 0 } said
        ? said
        : ExitCode > 128 ? $"{Name} was killed by signal {ExitCode - 128}" : $"{Name} exited with status {ExitCode} and no message";
}
