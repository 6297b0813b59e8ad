namespace Netstate.Core.Query;

/// <summary>The kinds of token the filter lexer produces; keywords are words, told apart by the parser.</summary>
internal enum FilterTokenKind
{
    /// <summary>A bare or quoted word: keyword, value, or the word forms of operators (and, eq, ...).</summary>
    Word,
    OpenParen,
    CloseParen,
    /// <summary>! (not).</summary>
    Not,
    /// <summary>&amp; or &amp;&amp;.</summary>
    And,
    /// <summary>| or ||.</summary>
    Or,
    /// <summary>= == != &lt; &lt;= &gt; &gt;=; <see cref="FilterToken.Comparison"/> says which.</summary>
    Compare,
    End,
}

/// <summary>One token with where it starts and how long it is in the expression text.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Text">The word (without its quotes) or the symbol as written.</param>
/// <param name="Start">0-based offset in the expression.</param>
/// <param name="Length">Characters it spans in the expression, quotes included.</param>
/// <param name="Comparison">Which operator, for <see cref="FilterTokenKind.Compare"/>.</param>
/// <param name="Quoted">True for a word written in quotes: never read as a keyword or operator.</param>
internal readonly record struct FilterToken(FilterTokenKind Kind, string Text, int Start, int Length, Comparison Comparison = Comparison.Equal, bool Quoted = false)
{
    /// <summary>True for an unquoted word equal to <paramref name="word"/> (ASCII case-insensitive).</summary>
    public bool IsWord(string word) =>
        Kind == FilterTokenKind.Word && !Quoted && string.Equals(Text, word, StringComparison.OrdinalIgnoreCase);
}
