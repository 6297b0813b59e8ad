using System.Text;

namespace Netstate.Core.Query;

/// <summary>
/// Splits a filter expression into tokens. Whitespace separates words, as in ss; unlike ss,
/// parentheses and the symbols <c>! &amp; | = &lt; &gt;</c> also end a word, so <c>(sport&gt;=1024)</c>
/// needs no spaces. A word in quotes, or a character after a backslash, is taken literally.
/// </summary>
internal static class FilterLexer
{
    public static List<FilterToken> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<FilterToken>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            int start = i;
            switch (c)
            {
                case '(':
                    tokens.Add(new FilterToken(FilterTokenKind.OpenParen, "(", start, 1));
                    i++;
                    break;
                case ')':
                    tokens.Add(new FilterToken(FilterTokenKind.CloseParen, ")", start, 1));
                    i++;
                    break;
                case '&' or '|':
                    i += At(text, i + 1) == c ? 2 : 1;
                    tokens.Add(new FilterToken(c == '&' ? FilterTokenKind.And : FilterTokenKind.Or, text[start..i], start, i - start));
                    break;
                case '!' when At(text, i + 1) != '=':
                    tokens.Add(new FilterToken(FilterTokenKind.Not, "!", start, 1));
                    i++;
                    break;
                case '!' or '=' or '<' or '>':
                    i += At(text, i + 1) == '=' ? 2 : 1;
                    string symbol = text[start..i];
                    tokens.Add(new FilterToken(FilterTokenKind.Compare, symbol, start, i - start, Symbol(symbol)));
                    break;
                case '\'' or '"':
                    int close = text.IndexOf(c, i + 1);
                    if (close < 0)
                        throw new FilterSyntaxException($"the quote {c} is never closed", start);
                    tokens.Add(new FilterToken(FilterTokenKind.Word, text[(i + 1)..close], start, close + 1 - start, Quoted: true));
                    i = close + 1;
                    break;
                default:
                    i = ReadWord(text, i, out string word);
                    tokens.Add(new FilterToken(FilterTokenKind.Word, word, start, i - start));
                    break;
            }
        }
        tokens.Add(new FilterToken(FilterTokenKind.End, "", text.Length, 0));
        return tokens;
    }

    private static int ReadWord(string text, int i, out string word)
    {
        var builder = new StringBuilder();
        while (i < text.Length && !char.IsWhiteSpace(text[i]) && !EndsWord(text[i]))
        {
            if (text[i] == '\\' && i + 1 < text.Length)
                i++;
            builder.Append(text[i]);
            i++;
        }
        word = builder.ToString();
        return i;
    }

    private static bool EndsWord(char c) => c is '(' or ')' or '!' or '&' or '|' or '=' or '<' or '>' or '\'' or '"';

    private static char At(string text, int index) => index < text.Length ? text[index] : '\0';

    private static Comparison Symbol(string symbol) => symbol switch
    {
        "=" or "==" => Comparison.Equal,
        "!=" => Comparison.NotEqual,
        "<" => Comparison.Less,
        "<=" => Comparison.LessOrEqual,
        ">" => Comparison.Greater,
        _ => Comparison.GreaterOrEqual,
    };
}
