using Nines.Core.Security;

namespace Nines.Core.Tests.Security;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Verify_CorrectPassword_True()
    {
        var hash = PasswordHasher.Hash("correct horse battery", iterations: 1000);
        Assert.True(PasswordHasher.Verify("correct horse battery", hash));
    }

    [Fact]
    public void Verify_WrongPassword_False()
    {
        var hash = PasswordHasher.Hash("correct horse battery", iterations: 1000);
        Assert.False(PasswordHasher.Verify("correct horse batterz", hash));
    }

    [Fact]
    public void Hash_SamePasswordTwice_DifferentSalts()
    {
        Assert.NotEqual(PasswordHasher.Hash("correct horse battery", 1000), PasswordHasher.Hash("correct horse battery", 1000));
    }

    [Fact]
    public void Hash_Default_UsesOwaspWorkFactor()
    {
        var hash = PasswordHasher.Hash("correct horse battery");
        Assert.StartsWith("pbkdf2-sha256$600000$", hash, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("correct horse battery", hash));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("pbkdf2-sha256$0$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$1000$not-base64!$AAAA")]
    [InlineData("md5$1000$AAAA$AAAA")]
    public void Verify_MalformedStoredHash_NeverMatches(string? stored)
    {
        Assert.False(PasswordHasher.Verify("anything at all", stored));
    }

    [Theory]
    [InlineData("short", false)]
    [InlineData("exactly12chr", true)]
    public void Weakness_ByLength(string password, bool acceptable)
    {
        Assert.Equal(acceptable, PasswordHasher.Weakness(password) is null);
    }
}
