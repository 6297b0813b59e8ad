namespace Netstate.Core.Lab;

/// <summary>The lab cannot run here or a step failed: what went wrong, and what to do about it.</summary>
internal sealed class LabException : Exception
{
    public LabException()
    {
    }

    public LabException(string message)
        : base(message)
    {
    }

    public LabException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public LabException(string message, string hint)
        : base(message) => Hint = hint;

    /// <summary>What the user can do about it; null when there is nothing to add.</summary>
    public string? Hint { get; }
}
