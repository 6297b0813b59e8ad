using Netstate.Core.Text;

namespace Netstate.Core.Tests;

public sealed class UntrustedTextTests
{
    [Theory]
    [InlineData("\u001b[31mred\u001b[0m", "\\x1B[31mred\\x1B[0m")]
    [InlineData("line\nfake line", "line\\x0Afake line")]
    [InlineData("cr\rover", "cr\\x0Dover")]
    [InlineData("tab\there", "tab\\x09here")]
    [InlineData("nul\0", "nul\\x00")]
    [InlineData("bell\a", "bell\\x07")]
    [InlineData("del\u007f", "del\\x7F")]
    [InlineData("csi\u009b2J", "csi\\x9B2J")]
    [InlineData("c1 \u0080 \u009f", "c1 \\x80 \\x9F")]
    [InlineData("\u001b", "\\x1B")]
    [InlineData("ok \u001b then \n", "ok \\x1B then \\x0A")]
    public void Control_characters_become_hex_escapes(string text, string expected) =>
        Assert.Equal(expected, UntrustedText.Escape(text));

    [Theory]
    [InlineData("")]
    [InlineData("sshd: root@pts/0")]
    [InlineData("/tmp/netstate fixture/with space.sock")]
    [InlineData("@abstract~name")]
    [InlineData("caf\u00e9 \u00a0nbsp \u00ff \u4e2d\u6587")]
    [InlineData("back\\slash")]
    public void Plain_text_is_returned_unchanged(string text) =>
        Assert.Same(text, UntrustedText.Escape(text));

    [Theory]
    // Bidirectional overrides, embeddings, isolates and marks: "evil\u202Egpj.exe" displays as "evilexe.jpg".
    [InlineData("evil\u202Egpj.exe", "evil\\u202Egpj.exe")]
    [InlineData("\u202A\u202B\u202C\u202D\u202E", "\\u202A\\u202B\\u202C\\u202D\\u202E")]
    [InlineData("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069")]
    [InlineData("lrm\u200E rlm\u200F alm\u061C", "lrm\\u200E rlm\\u200F alm\\u061C")]
    // The other format characters hide text: zero-width space and joiners, the BOM, the soft hyphen.
    [InlineData("zw\u200Bsp\u200Cj\u200Dj bom\uFEFF shy\u00AD", "zw\\u200Bsp\\u200Cj\\u200Dj bom\\uFEFF shy\\u00AD")]
    // Line and paragraph separators break a line on some terminals and in most viewers.
    [InlineData("line\u2028sep para\u2029sep", "line\\u2028sep para\\u2029sep")]
    // Tag characters (astral format characters) hide text too.
    [InlineData("tag\U000E0041", "tag\\U000E0041")]
    public void Characters_that_reorder_or_hide_text_become_escapes(string text, string expected) =>
        Assert.Equal(expected, UntrustedText.Escape(text));

    [Fact]
    public void Lone_surrogates_are_escaped_and_those_standing_for_bytes_show_the_byte()
    {
        // Built in code: xUnit's test data cannot carry a lone surrogate.
        Assert.Equal("lone\\uD800 end", UntrustedText.Escape("lone" + '\uD800' + " end"));
        Assert.Equal("lone\\uDC00", UntrustedText.Escape("lone" + '\uDC00'));
        Assert.Equal("raw\\xFF\\x80", UntrustedText.Escape("raw" + '\uDCFF' + '\uDC80'));
    }

    [Theory]
    [InlineData("emoji \U0001F600 and math \U0001D400")]
    [InlineData("hebrew \u05E9\u05DC\u05D5\u05DD arabic \u0645\u0631\u062D\u0628\u0627")]
    public void Visible_text_of_any_script_is_unchanged(string text) =>
        Assert.Same(text, UntrustedText.Escape(text));

    [Fact]
    public void IsUnsafe_covers_controls_format_characters_separators_and_surrogates()
    {
        for (int c = 0; c <= 0xFFFF; c++)
        {
            var category = char.GetUnicodeCategory((char)c);
            bool expected = c < 0x20 || (c >= 0x7F && c <= 0x9F) || category is System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator
                or System.Globalization.UnicodeCategory.Surrogate;
            Assert.Equal(expected, UntrustedText.IsUnsafe((char)c));
        }
    }

    [Fact]
    public void Escaped_text_contains_no_unsafe_characters()
    {
        // Every code unit but the surrogates (judged in pairs; see above).
        string all = new([.. Enumerable.Range(0, 0x10000).Where(c => !char.IsSurrogate((char)c)).Select(c => (char)c)]);

        string escaped = UntrustedText.Escape(all);

        Assert.DoesNotContain(escaped, UntrustedText.IsUnsafe);
        // Controls become \xNN (4 characters), the soft hyphen (U+00AD) \u00AD (6 characters).
        Assert.StartsWith(string.Concat(Enumerable.Range(0, 0x20).Select(c => $"\\x{c:X2}")), escaped, StringComparison.Ordinal);
        Assert.Contains("\u00AC\\u00AD\u00AE", escaped, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_is_rejected() =>
        Assert.Throws<ArgumentNullException>(() => UntrustedText.Escape(null!));
}
