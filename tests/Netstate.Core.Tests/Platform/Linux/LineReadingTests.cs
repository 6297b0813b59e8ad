using Netstate.Core.Platform.Linux;

namespace Netstate.Core.Tests;

/// <summary>The allocation-free helpers under the parsers: ProcLines and FieldReader.</summary>
public sealed class LineReadingTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("header", new[] { "header" })]
    [InlineData("header\n", new[] { "header" })]
    [InlineData("header\na\nb", new[] { "header", "a", "b" })]
    [InlineData("header\n\nb\n", new[] { "header", "", "b" })]
    [InlineData("\n", new[] { "" })]
    public void ProcLines_splits_on_newline_and_numbers_the_header_zero(string text, string[] expected)
    {
        var lines = new ProcLines(System.Text.Encoding.ASCII.GetBytes(text));
        var seen = new List<string>();
        while (lines.TryNext(out ReadOnlySpan<byte> line))
        {
            Assert.Equal(seen.Count, lines.Number);
            seen.Add(System.Text.Encoding.ASCII.GetString(line));
        }

        Assert.Equal(expected, seen);
        Assert.False(lines.TryNext(out _));
    }

    [Fact]
    public void FieldReader_skips_runs_of_blanks_between_fields()
    {
        var fields = new FieldReader("  a   bb c  path with  spaces "u8);

        Assert.True(fields.TryNext(out ReadOnlySpan<byte> a));
        Assert.True(fields.TryNext(out ReadOnlySpan<byte> bb));
        Assert.True(fields.TryNext(out ReadOnlySpan<byte> c));
        Assert.Equal("a"u8.ToArray(), a.ToArray());
        Assert.Equal("bb"u8.ToArray(), bb.ToArray());
        Assert.Equal("c"u8.ToArray(), c.ToArray());
        Assert.True(fields.TryNext(out _));
        Assert.True(fields.TryNext(out _));
        Assert.True(fields.TryNext(out ReadOnlySpan<byte> last));
        Assert.Equal("spaces"u8.ToArray(), last.ToArray());
        Assert.False(fields.TryNext(out _));
    }

    [Theory]
    [InlineData("17 /path", "/path")]
    [InlineData("17  leading blank", " leading blank")]
    [InlineData("17 trailing blank ", "trailing blank ")]
    [InlineData("17 inner  blanks", "inner  blanks")]
    [InlineData("17", "")]
    public void RestAfterSeparator_drops_exactly_one_blank(string line, string rest)
    {
        var fields = new FieldReader(System.Text.Encoding.ASCII.GetBytes(line));

        Assert.True(fields.TryNext(out ReadOnlySpan<byte> first));
        Assert.Equal("17"u8.ToArray(), first.ToArray());
        Assert.Equal(rest, System.Text.Encoding.ASCII.GetString(fields.RestAfterSeparator));
    }

    [Theory]
    [InlineData("0", true, 0UL)]
    [InlineData("0100007F", true, 0x0100007FUL)]
    [InlineData("abcdef", true, 0xABCDEFUL)]
    [InlineData("FFFFFFFFFFFFFFFF", true, ulong.MaxValue)]
    [InlineData("0000000000000001", true, 1UL)]
    [InlineData("00000000000000001", false, 0UL)] // 17 digits
    [InlineData("", false, 0UL)]
    [InlineData("0x1F", false, 0UL)]
    [InlineData("1F ", false, 0UL)]
    [InlineData("-1", false, 0UL)]
    [InlineData("G", false, 0UL)]
    public void TryParseHex_accepts_only_whole_hex_fields(string text, bool ok, ulong value)
    {
        Assert.Equal(ok, FieldReader.TryParseHex(System.Text.Encoding.ASCII.GetBytes(text), out ulong parsed));
        if (ok)
            Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("12345", true, 12345UL)]
    [InlineData("18446744073709551615", true, ulong.MaxValue)]
    [InlineData("18446744073709551616", false, 0UL)]
    [InlineData("12a", false, 0UL)]
    [InlineData("", false, 0UL)]
    [InlineData("-5", false, 0UL)]
    public void TryParseDecimal_accepts_only_whole_decimal_fields(string text, bool ok, ulong value)
    {
        Assert.Equal(ok, FieldReader.TryParseDecimal(System.Text.Encoding.ASCII.GetBytes(text), out ulong parsed));
        if (ok)
            Assert.Equal(value, parsed);
    }

    [Fact]
    public void TryParseDecimal_int_accepts_the_negative_timeout_the_kernel_prints()
    {
        Assert.True(FieldReader.TryParseDecimal("-1"u8, out int minusOne));
        Assert.Equal(-1, minusOne);
        Assert.False(FieldReader.TryParseDecimal("2147483648"u8, out int _));
    }

    [Theory]
    [InlineData("0100007F:0016", true, "0100007F", "0016")]
    [InlineData("a:b:c", true, "a", "b:c")]
    [InlineData(":0016", false, "", "")]
    [InlineData("0100007F:", false, "", "")]
    [InlineData("0100007F", false, "", "")]
    public void TrySplitPair_splits_at_the_first_colon(string text, bool ok, string left, string right)
    {
        bool split = FieldReader.TrySplitPair(System.Text.Encoding.ASCII.GetBytes(text), out ReadOnlySpan<byte> l, out ReadOnlySpan<byte> r);

        Assert.Equal(ok, split);
        if (ok)
        {
            Assert.Equal(left, System.Text.Encoding.ASCII.GetString(l));
            Assert.Equal(right, System.Text.Encoding.ASCII.GetString(r));
        }
    }
}
