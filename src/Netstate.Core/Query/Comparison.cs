namespace Netstate.Core.Query;

/// <summary>A comparison operator of the filter language.</summary>
internal enum Comparison : byte
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>Spelling and evaluation of <see cref="Comparison"/>.</summary>
internal static class Comparisons
{
    /// <summary>The operator's word forms as ss spells them (eq, neq, ne, lt, le, leq, gt, ge, geq); null for any other word.</summary>
    public static Comparison? FromWord(string word) => word.ToLowerInvariant() switch
    {
        "eq" => Comparison.Equal,
        "neq" or "ne" => Comparison.NotEqual,
        "lt" => Comparison.Less,
        "le" or "leq" => Comparison.LessOrEqual,
        "gt" => Comparison.Greater,
        "ge" or "geq" => Comparison.GreaterOrEqual,
        _ => null,
    };

    public static string Symbol(Comparison comparison) => comparison switch
    {
        Comparison.Equal => "=",
        Comparison.NotEqual => "!=",
        Comparison.Less => "<",
        Comparison.LessOrEqual => "<=",
        Comparison.Greater => ">",
        _ => ">=",
    };

    public static bool Holds(Comparison comparison, ulong value, ulong operand) => comparison switch
    {
        Comparison.Equal => value == operand,
        Comparison.NotEqual => value != operand,
        Comparison.Less => value < operand,
        Comparison.LessOrEqual => value <= operand,
        Comparison.Greater => value > operand,
        _ => value >= operand,
    };
}
