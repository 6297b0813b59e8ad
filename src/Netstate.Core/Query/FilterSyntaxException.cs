namespace Netstate.Core.Query;

/// <summary>
/// A filter expression that cannot be parsed or whose values cannot be resolved. <see cref="Position"/>
/// is the 0-based character offset of the mistake in the expression text, so a caller can point at it.
/// </summary>
public sealed class FilterSyntaxException : Exception
{
    public FilterSyntaxException(string message, int position)
        : base(message)
    {
        Position = position;
    }

    public FilterSyntaxException()
    {
    }

    public FilterSyntaxException(string message)
        : base(message)
    {
    }

    public FilterSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Where the mistake starts (0-based); the text's length when something is missing at the end.</summary>
    public int Position { get; }
}
