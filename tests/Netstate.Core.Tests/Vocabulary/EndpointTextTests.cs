using Netstate.Core.Model;
using Netstate.Core.Vocabulary;

namespace Netstate.Core.Tests.Vocabulary;

/// <summary>Numeric endpoints in each dialect (docs/vocabulary.md, "Endpoints").</summary>
public sealed class EndpointTextTests
{
    [Theory]
    [InlineData("127.0.0.1", 80, "127.0.0.1:80", "127.0.0.1:80", "127.0.0.1:80", "127.0.0.1:80")]
    [InlineData("::1", 80, "::1:80", "[::1]:80", "[::1]:80", "[::1]:80")]
    [InlineData("::ffff:127.0.0.1", 80, "127.0.0.1:80", "[::ffff:127.0.0.1]:80", "127.0.0.1:80", "[::ffff:127.0.0.1]:80")]
    [InlineData("0.0.0.0", 0, "0.0.0.0:*", "0.0.0.0:*", "0.0.0.0:*", "0.0.0.0:0")]
    [InlineData("::", 22, ":::22", "[::]:22", "[::]:22", "[::]:22")]
    [InlineData("2001:db8::1", 65535, "2001:db8::1:65535", "[2001:db8::1]:65535", "[2001:db8::1]:65535", "[2001:db8::1]:65535")]
    public void Writes_one_form_per_dialect(string address, int port, string netstat, string ss, string filter, string windows)
    {
        var endpoint = Sockets.At(address, (ushort)port);
        Assert.Equal(netstat, EndpointText.Format(endpoint, Dialect.Netstat));
        Assert.Equal(ss, EndpointText.Format(endpoint, Dialect.Ss));
        Assert.Equal(filter, EndpointText.Format(endpoint, Dialect.Filter));
        Assert.Equal(filter, EndpointText.Format(endpoint, Dialect.Rfc9293));
        Assert.Equal(windows, EndpointText.Format(endpoint, Dialect.Windows));
    }

    [Fact]
    public void Ss_writes_the_unspecified_address_of_a_dual_stack_socket_as_a_star()
    {
        Span<char> text = stackalloc char[EndpointText.MaxLength];
        int length = EndpointText.Format(Sockets.At("::", 22), Dialect.Ss, text, dualStack: true);
        Assert.Equal("*:22", text[..length].ToString());
        length = EndpointText.Format(Sockets.At("::", 22), Dialect.Netstat, text, dualStack: true);
        Assert.Equal(":::22", text[..length].ToString());
    }

    [Fact]
    public void The_longest_endpoint_fits_in_max_length()
    {
        string longest = EndpointText.Format(Sockets.At("ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", 65535), Dialect.Ss);
        Assert.Equal("[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]:65535", longest);
        string mixed = EndpointText.Format(Sockets.At("::ffff:255.255.255.255", 65535), Dialect.Windows);
        Assert.True(mixed.Length <= EndpointText.MaxLength);
    }

    [Fact]
    public void An_address_alone_is_bracketed_only_by_ss()
    {
        Assert.Equal("[::1]", EndpointText.Address(Sockets.Address("::1"), Dialect.Ss));
        Assert.Equal("::1", EndpointText.Address(Sockets.Address("::1"), Dialect.Netstat));
        Assert.Equal("10.0.0.1", EndpointText.Address(Sockets.Address("::ffff:10.0.0.1"), Dialect.Filter));
    }
}
