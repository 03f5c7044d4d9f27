using System.Security.Cryptography;
using System.Text;

namespace Nines.Core.Security;

/// <summary>
/// API tokens: 256 random bits, shown to the user once as <c>nines_</c> + base64url, stored only as
/// the hex SHA-256 of that text. A fast hash is right here (unlike passwords): the secret has full
/// entropy, so there is nothing to brute-force, and every API request must verify one.
/// </summary>
public static class ApiTokens
{
    /// <summary>Every token starts with this, so secret scanners and humans can recognise one.</summary>
    public const string Prefix = "nines_";

    /// <summary>Makes a new secret token text.</summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Base64Url(bytes);
    }

    /// <summary>The value stored for <paramref name="token"/>: lower-case hex SHA-256 of its UTF-8 text.</summary>
    public static string Hash(string token)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>True when <paramref name="token"/> has the shape of a token made by <see cref="Generate"/>.</summary>
    public static bool LooksLikeToken(string? token) =>
        token is not null && token.Length == Prefix.Length + 43 && token.StartsWith(Prefix, StringComparison.Ordinal);

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
