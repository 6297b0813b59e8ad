namespace Netstate.Cli.Tests;

/// <summary>Runs the whole program in process: arguments in, exit code and both streams out.</summary>
internal static class AppRunner
{
    public static (ReturnCode Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ReturnCode code = NetstateApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
