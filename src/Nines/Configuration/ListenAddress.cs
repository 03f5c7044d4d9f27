using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Nines.Configuration;

/// <summary>
/// A <c>HOST:PORT</c> listen address: an IPv4 address, an IPv6 address in brackets, or
/// <c>localhost</c>, and a port from 0 (pick a free one) to 65535. Other host names are refused:
/// a server binds to addresses, and a name that resolves differently later would be a surprise.
/// </summary>
internal sealed record ListenAddress(string Host, int Port)
{
    /// <summary>What a valid address looks like, for error messages.</summary>
    public const string Rule = "HOST:PORT with a port from 0 to 65535, like 127.0.0.1:9999, 0.0.0.0:9999, [::1]:9999 or localhost:9999";

    /// <summary>True when only this machine can connect: <c>localhost</c>, 127.0.0.0/8 or <c>::1</c>.</summary>
    public bool IsLoopback =>
        string.Equals(Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>True for 0.0.0.0 and <c>::</c>, which listen on every interface.</summary>
    public bool IsAnyAddress =>
        IPAddress.TryParse(Host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any));

    /// <summary>The host as it goes into a URL: IPv6 in brackets.</summary>
    public string UrlHost => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out ListenAddress? address, out string error)
    {
        address = null;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"must be {Rule}; got nothing";
            return false;
        }

        string host;
        string portText;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= text.Length || text[close + 1] != ':')
            {
                error = $"must be {Rule}; an IPv6 address goes in brackets followed by :PORT, like [::1]:9999; got '{text}'";
                return false;
            }

            host = text[1..close];
            portText = text[(close + 2)..];
            if (!IPAddress.TryParse(host, out var ip6) || ip6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{host}' in brackets is not an IPv6 address; must be {Rule}";
                return false;
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0)
            {
                error = $"must be {Rule}; the port is missing in '{text}'";
                return false;
            }

            host = text[..colon];
            portText = text[(colon + 1)..];
            if (host.Contains(':', StringComparison.Ordinal))
            {
                error = $"put an IPv6 address in brackets, like [::1]:9999; must be {Rule}; got '{text}'";
                return false;
            }

            if (host.Length == 0)
            {
                error = $"the host is missing in '{text}': use 127.0.0.1 for this machine only or 0.0.0.0 for every interface; must be {Rule}";
                return false;
            }

            if (!IsHost(host))
            {
                error = $"'{host}' is not an IP address or localhost (listen on an address: 0.0.0.0 for every interface); must be {Rule}";
                return false;
            }
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"the port must be a number from 0 to 65535; got '{portText}' in '{text}'";
            return false;
        }

        address = new ListenAddress(host, port);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{UrlHost}:{Port.ToString(CultureInfo.InvariantCulture)}";

    // IPAddress.TryParse also takes "1" or "1.2" (old inet_aton forms); only dotted quads count as IPv4 here.
    private static bool IsHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (host.All(c => char.IsAsciiDigit(c) || c == '.') && host.Count(c => c == '.') == 3 && IPAddress.TryParse(host, out _));
}
