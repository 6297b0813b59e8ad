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

    [Fact]
    public void IsUnsafe_covers_exactly_c0_del_and_c1()
    {
        for (int c = 0; c <= 0xFF; c++)
            Assert.Equal(c < 0x20 || (c >= 0x7F && c <= 0x9F), UntrustedText.IsUnsafe((char)c));
        Assert.False(UntrustedText.IsUnsafe('\u2028'));
    }

    [Fact]
    public void Escaped_text_contains_no_unsafe_characters()
    {
        string all = new([.. Enumerable.Range(0, 0x100).Select(c => (char)c)]);

        string escaped = UntrustedText.Escape(all);

        Assert.DoesNotContain(escaped, UntrustedText.IsUnsafe);
        Assert.Equal(all.Length + 3 * (0x20 + 0x21), escaped.Length);
    }

    [Fact]
    public void Null_is_rejected() =>
        Assert.Throws<ArgumentNullException>(() => UntrustedText.Escape(null!));
}
