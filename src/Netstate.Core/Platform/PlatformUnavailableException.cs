namespace Netstate.Core.Platform;

/// <summary>What netstate reads is not there: another operating system, or a proc tree that does not exist.</summary>
public sealed class PlatformUnavailableException : Exception
{
    /// <summary>An exception with the default message.</summary>
    public PlatformUnavailableException()
    {
    }

    /// <summary>An exception that says what is missing.</summary>
    public PlatformUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>An exception that says what is missing, caused by <paramref name="inner"/>.</summary>
    public PlatformUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>An exception that says what is missing and what to do about it.</summary>
    public PlatformUnavailableException(string message, string hint)
        : base(message) => Hint = hint;

    /// <summary>What the user can do about it; null when there is nothing to add.</summary>
    public string? Hint { get; }
}
