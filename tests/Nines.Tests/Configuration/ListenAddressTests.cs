using Nines.Configuration;

namespace Nines.Tests.Configuration;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:9999", "127.0.0.1", 9999, true)]
    [InlineData("0.0.0.0:0", "0.0.0.0", 0, false)]
    [InlineData("[::1]:9999", "::1", 9999, true)]
    [InlineData("[::]:80", "::", 80, false)]
    [InlineData("localhost:65535", "localhost", 65535, true)]
    [InlineData("10.1.2.3:4318", "10.1.2.3", 4318, false)]
    public void TryParse_ValidAddress_ReturnsHostPortAndLoopback(string text, string host, int port, bool loopback)
    {
        Assert.True(ListenAddress.TryParse(text, out var address, out var error), error);
        Assert.Equal(host, address!.Host);
        Assert.Equal(port, address.Port);
        Assert.Equal(loopback, address.IsLoopback);
    }

    [Theory]
    [InlineData("9999", "port is missing")]
    [InlineData(":9999", "host is missing")]
    [InlineData("127.0.0.1:65536", "0 to 65535")]
    [InlineData("127.0.0.1:-1", "0 to 65535")]
    [InlineData("127.0.0.1:abc", "0 to 65535")]
    [InlineData("::1:9999", "brackets")]
    [InlineData("[::1]9999", "brackets")]
    [InlineData("[127.0.0.1]:80", "not an IPv6 address")]
    [InlineData("example.com:80", "not an IP address or localhost")]
    [InlineData("1:80", "not an IP address or localhost")]
    [InlineData("", "got nothing")]
    public void TryParse_InvalidAddress_ExplainsWhy(string text, string expected)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Ipv6_UsesBrackets()
    {
        Assert.True(ListenAddress.TryParse("[::1]:80", out var address, out _));
        Assert.Equal("[::1]:80", address!.ToString());
    }
}
