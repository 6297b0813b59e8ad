using Netstate.Core.Query;

namespace Netstate.Cli.Arguments;

/// <summary>Parses a filter from the command line and turns a syntax error into a usage error that points at it.</summary>
internal static class FilterArgument
{
    /// <param name="text">The expression.</param>
    /// <param name="lookupLimit">--resolve-timeout: how long a host name in it may take to resolve (2 s when null).</param>
    public static SocketFilter Parse(string text, TimeSpan? lookupLimit = null)
    {
        try
        {
            var names = new SystemFilterNames();
            return SocketFilter.Parse(text, lookupLimit is { } limit ? names with { HostLookupLimit = limit } : names);
        }
        catch (FilterSyntaxException e)
        {
            throw new FilterUsageException(e.Message, text, e.Position);
        }
    }
}

/// <summary>
/// A filter that does not parse: the usual one line, then the expression and a caret under the
/// mistake, so a long expression does not have to be searched by eye.
/// </summary>
internal sealed class FilterUsageException : UserFacingException
{
    public FilterUsageException(string message, string expression, int position)
        : base($"filter: {message}", "see docs/filters.md or 'netstate --help'", ReturnCode.UsageError)
    {
        Expression = expression;
        Position = Math.Clamp(position, 0, expression.Length);
    }

    public string Expression { get; }

    public int Position { get; }

    /// <summary>Two lines: the expression (escaped, as it may hold anything) and a caret under <see cref="Position"/>.</summary>
    public string Pointer()
    {
        string shown = Netstate.Core.Text.UntrustedText.Escape(Expression);
        int column = Netstate.Core.Text.UntrustedText.Escape(Expression[..Position]).Length;
        return $"  {shown}\n  {new string(' ', column)}^\n";
    }
}
