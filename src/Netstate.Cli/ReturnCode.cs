namespace Netstate.Cli;

/// <summary>Exit codes: 0 success, 1 a runtime failure, 2 a usage error.</summary>
internal enum ReturnCode
{
    Success = 0,
    Failure = 1,
    UsageError = 2,
}
