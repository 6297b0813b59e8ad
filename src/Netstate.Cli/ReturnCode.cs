namespace Netstate.Cli;

/// <summary>Exit codes: 0 success, 1 a runtime failure, 2 a usage error, 130 interrupted (SIGINT, as shells report it).</summary>
internal enum ReturnCode
{
    Success = 0,
    Failure = 1,
    UsageError = 2,
    Interrupted = 130,
}
