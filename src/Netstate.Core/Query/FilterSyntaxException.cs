namespace Netstate.Core.Query;

/// <summary>
/// A filter expression that cannot be parsed or whose values cannot be resolved. <see cref="Position"/>
/// is the 0-based character offset of the mistake in the expression text, so a caller can point at it.
/// </summary>
public sealed class FilterSyntaxException : Exception
{
    /// <summary>A mistake described by <paramref name="message"/> at offset <paramref name="position"/>.</summary>
    public FilterSyntaxException(string message, int position)
        : base(message)
    {
        Position = position;
    }

    /// <summary>A mistake with no description, at offset 0.</summary>
    public FilterSyntaxException()
    {
    }

    /// <summary>A mistake described by <paramref name="message"/>, at offset 0.</summary>
    public FilterSyntaxException(string message)
        : base(message)
    {
    }

    /// <summary>A mistake described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public FilterSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Where the mistake starts (0-based); the text's length when something is missing at the end.</summary>
    public int Position { get; }
}
