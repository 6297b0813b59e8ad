namespace Netstate.Cli;

/// <summary>
/// Exit codes: 0 success, 1 a runtime failure, 2 a usage error; `doctor` adds 3 and 4 for its
/// worst finding, so scripts and monitoring can act on it; 130 interrupted (SIGINT, as shells report it);
/// 141 when the reader of standard output went away (SIGPIPE's code, as for netstat).
/// </summary>
internal enum ReturnCode
{
    Success = 0,
    Failure = 1,
    UsageError = 2,
    /// <summary>doctor: the worst finding is a warning.</summary>
    FoundWarning = 3,
    /// <summary>doctor: the worst finding is critical.</summary>
    FoundCritical = 4,
    /// <summary>watch ended by SIGHUP (its terminal went away): 128 + SIGHUP.</summary>
    HungUp = 129,
    Interrupted = 130,
    /// <summary>The reader of standard output went away (EPIPE): 128 + SIGPIPE, what a shell reports for netstat killed by it.</summary>
    ReaderGone = 141,
    /// <summary>watch ended by SIGTERM, after restoring the terminal: 128 + SIGTERM.</summary>
    Terminated = 143,
}
