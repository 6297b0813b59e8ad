namespace Netstate.Core.Platform;

/// <summary>What netstate reads is not there: another operating system, or a proc tree that does not exist.</summary>
public sealed class PlatformUnavailableException : Exception
{
    public PlatformUnavailableException()
    {
    }

    public PlatformUnavailableException(string message)
        : base(message)
    {
    }

    public PlatformUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PlatformUnavailableException(string message, string hint)
        : base(message) => Hint = hint;

    /// <summary>What the user can do about it; null when there is nothing to add.</summary>
    public string? Hint { get; }
}
