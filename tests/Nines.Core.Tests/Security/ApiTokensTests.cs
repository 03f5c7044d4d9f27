using Nines.Core.Security;

namespace Nines.Core.Tests.Security;

public sealed class ApiTokensTests
{
    [Fact]
    public void Generate_Has256BitsAndPrefix()
    {
        var token = ApiTokens.Generate();
        Assert.StartsWith(ApiTokens.Prefix, token, StringComparison.Ordinal);
        var raw = Convert.FromBase64String(token[ApiTokens.Prefix.Length..].Replace('-', '+').Replace('_', '/') + "=");
        Assert.Equal(32, raw.Length);
        Assert.True(ApiTokens.LooksLikeToken(token));
    }

    [Fact]
    public void Generate_NeverRepeats()
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(seen.Add(ApiTokens.Generate()));
        }
    }

    [Fact]
    public void Hash_IsSha256Hex_AndNotTheSecret()
    {
        var token = ApiTokens.Generate();
        var hash = ApiTokens.Hash(token);
        Assert.Equal(64, hash.Length);
        Assert.DoesNotContain(token[ApiTokens.Prefix.Length..], hash, StringComparison.Ordinal);
        Assert.Equal(hash, ApiTokens.Hash(token));
        Assert.Equal("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", ApiTokens.Hash("test"));
    }
}
