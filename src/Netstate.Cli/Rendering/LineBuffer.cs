using System.Globalization;

namespace Netstate.Cli.Rendering;

/// <summary>
/// One output line assembled in a reused char array and written with a single call: rows of a
/// 200,000-socket listing cost no string or StringBuilder chunk each.
/// </summary>
internal sealed class LineBuffer
{
    private char[] _chars = new char[512];

    public int Length { get; private set; }

    public LineBuffer Clear()
    {
        Length = 0;
        return this;
    }

    public LineBuffer Append(char c)
    {
        Reserve(1)[0] = c;
        Length++;
        return this;
    }

    public LineBuffer Append(ReadOnlySpan<char> text)
    {
        text.CopyTo(Reserve(text.Length));
        Length += text.Length;
        return this;
    }

    public LineBuffer Append(ulong value)
    {
        value.TryFormat(Reserve(20), out int written, default, CultureInfo.InvariantCulture);
        Length += written;
        return this;
    }

    public LineBuffer Spaces(int count)
    {
        if (count > 0)
        {
            Reserve(count)[..count].Fill(' ');
            Length += count;
        }
        return this;
    }

    /// <summary>Pads with spaces until the text written since <paramref name="start"/> is <paramref name="width"/> wide (printf "%-Ns").</summary>
    public LineBuffer PadFrom(int start, int width) => Spaces(start + width - Length);

    /// <summary>Text left-aligned in a column of <paramref name="width"/>, never cut.</summary>
    public LineBuffer Column(ReadOnlySpan<char> text, int width)
    {
        int start = Length;
        return Append(text).PadFrom(start, width);
    }

    /// <summary>A number right-aligned in a column of <paramref name="width"/> (printf "%Nlu").</summary>
    public LineBuffer RightAligned(ulong value, int width)
    {
        Span<char> digits = stackalloc char[20];
        value.TryFormat(digits, out int written, default, CultureInfo.InvariantCulture);
        return Spaces(width - written).Append(digits[..written]);
    }

    public void WriteTo(TextWriter output) => output.Write(_chars, 0, Length);

    public override string ToString() => new(_chars, 0, Length);

    private Span<char> Reserve(int count)
    {
        if (Length + count > _chars.Length)
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, Length + count));
        return _chars.AsSpan(Length);
    }
}
