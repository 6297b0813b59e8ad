using System.Text;
using Netstate.Core.Text;

namespace Netstate.Core.Tests;

/// <summary>Names and paths that are not UTF-8 decode without loss and come back byte for byte.</summary>
public sealed class RawTextTests
{
    public static TheoryData<byte[]> Names => new()
    {
        Encoding.UTF8.GetBytes("plain ascii"),
        Encoding.UTF8.GetBytes("caf\u00e9 \u4e2d\u6587 \U0001F600"),
        new byte[] { (byte)'a', 0xFF, (byte)'b' },
        new byte[] { 0xC3 },                              // a sequence cut short
        new byte[] { 0xC3, 0x28 },                        // a bad continuation byte
        new byte[] { 0xED, 0xA0, 0x80 },                  // an encoded surrogate (not UTF-8)
        new byte[] { 0xF4, 0x90, 0x80, 0x80 },            // beyond U+10FFFF
        new byte[] { 0xC0, 0xAF },                        // an overlong '/'
        new byte[] { (byte)'x', 0xE2, 0x80, 0xAE, 0x80, 0xFE, (byte)'y' },  // U+202E then stray bytes
        Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Decoded_text_gives_back_the_exact_bytes(byte[] bytes)
    {
        string text = RawText.Decode(bytes);

        Assert.Equal(bytes, RawText.ToBytes(text));
        Assert.Equal(!System.Text.Unicode.Utf8.IsValid(bytes), RawText.HasRawBytes(text));
    }

    [Fact]
    public void Valid_utf8_decodes_as_usual_and_each_invalid_byte_stands_alone()
    {
        Assert.Equal("caf\u00e9", RawText.Decode(Encoding.UTF8.GetBytes("caf\u00e9")));
        Assert.Equal("a\uDCFFb", RawText.Decode([(byte)'a', 0xFF, (byte)'b']));
        Assert.Equal("a\uFFFDb", RawText.WithReplacements("a\uDCFFb"));
        Assert.Equal("a\\xFFb", UntrustedText.Escape(RawText.Decode([(byte)'a', 0xFF, (byte)'b'])));
    }
}
