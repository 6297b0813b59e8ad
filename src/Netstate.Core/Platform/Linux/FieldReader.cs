using System.Buffers.Text;

namespace Netstate.Core.Platform.Linux;

/// <summary>Walks the space-separated fields of one line of a /proc text table without allocating.</summary>
internal ref struct FieldReader
{
    private ReadOnlySpan<byte> _rest;

    public FieldReader(ReadOnlySpan<byte> line) => _rest = line;

    /// <summary>Whatever follows the fields read so far, less exactly one separating blank (a path may begin with blanks).</summary>
    public readonly ReadOnlySpan<byte> RestAfterSeparator => _rest.Length > 0 && _rest[0] == (byte)' ' ? _rest[1..] : _rest;

    public bool TryNext(out ReadOnlySpan<byte> field)
    {
        _rest = _rest.TrimStart((byte)' ');
        if (_rest.IsEmpty)
        {
            field = default;
            return false;
        }
        int end = _rest.IndexOf((byte)' ');
        if (end < 0)
            end = _rest.Length;
        field = _rest[..end];
        _rest = _rest[end..];
        return true;
    }

    public static bool TryParseHex(ReadOnlySpan<byte> text, out ulong value) =>
        Utf8Parser.TryParse(text, out value, out int used, 'X') && used == text.Length && text.Length <= 16;

    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out ulong value) =>
        Utf8Parser.TryParse(text, out value, out int used) && used == text.Length;

    public static bool TryParseDecimal(ReadOnlySpan<byte> text, out int value) =>
        Utf8Parser.TryParse(text, out value, out int used) && used == text.Length;

    /// <summary>Splits "AAAA:BBBB" at its only colon.</summary>
    public static bool TrySplitPair(ReadOnlySpan<byte> text, out ReadOnlySpan<byte> left, out ReadOnlySpan<byte> right)
    {
        int colon = text.IndexOf((byte)':');
        left = colon < 0 ? default : text[..colon];
        right = colon < 0 ? default : text[(colon + 1)..];
        return colon > 0 && right.Length > 0;
    }
}
