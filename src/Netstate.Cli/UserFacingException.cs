using Netstate.Core.Text;

namespace Netstate.Cli;

/// <summary>
/// An error meant for the user: printed as one line, <c>netstate: what (what to do)</c>, with no
/// stack trace. Usage errors exit 2, the rest 1.
/// </summary>
internal class UserFacingException : Exception
{
    public UserFacingException(string message, string? hint = null, ReturnCode code = ReturnCode.Failure)
        : base(message)
    {
        Hint = hint;
        Code = code;
    }

    public string? Hint { get; }

    public ReturnCode Code { get; }

    /// <summary>The one line printed; arguments quoted in it are escaped, so it stays one safe line.</summary>
    public string ToLine() => UntrustedText.Escape(Hint is null ? $"netstate: {Message}" : $"netstate: {Message} ({Hint})");
}

/// <summary>A mistake on the command line (exit code 2).</summary>
internal sealed class UsageException : UserFacingException
{
    public UsageException(string message, string? hint = "see 'netstate --help'")
        : base(message, hint, ReturnCode.UsageError)
    {
    }
}
