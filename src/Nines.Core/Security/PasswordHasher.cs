using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nines.Core.Security;

/// <summary>
/// PBKDF2-HMAC-SHA256 password hashing with OWASP's 2023 work factor (600,000 iterations).
/// The stored form carries its own parameters, <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (base64),
/// so the work factor can be raised later without invalidating existing passwords.
/// </summary>
public static class PasswordHasher
{
    /// <summary>The iteration count used for new hashes.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>The shortest password accepted.</summary>
    public const int MinimumLength = 12;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt.</summary>
    public static string Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        Span<byte> salt = stackalloc byte[SaltBytes];
        RandomNumberGenerator.Fill(salt);
        Span<byte> hash = stackalloc byte[HashBytes];
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, hash, iterations, HashAlgorithmName.SHA256);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>
    /// True when <paramref name="password"/> matches <paramref name="stored"/>. A malformed or empty
    /// stored hash (an account with no password yet) never matches.
    /// </summary>
    public static bool Verify(string password, string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return false;
        }

        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return false;
        }

        byte[] salt, expected;
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            expected = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Why <paramref name="password"/> is not acceptable, or null when it is.</summary>
    public static string? Weakness(string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
        {
            return $"A password needs at least {MinimumLength} characters.";
        }

        return password.Length > 1024 ? "A password may have at most 1024 characters." : null;
    }
}
