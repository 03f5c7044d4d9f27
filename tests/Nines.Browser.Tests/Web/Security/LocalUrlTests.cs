using Nines.Web.Security;

namespace Nines.Browser.Tests.Web.Security;

public class LocalUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/admin/audit?actor=user%3Aada&before=12")]
    [InlineData("/slos#budget")]
    public void IsLocal_PathOnThisSite_IsTrue(string url) => Assert.True(LocalUrl.IsLocal(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("admin/users")]
    [InlineData("/a\\b")]
    public void IsLocal_AnythingABrowserCouldReadAsAnotherSite_IsFalse(string? url) => Assert.False(LocalUrl.IsLocal(url));

    [Fact]
    public void OrDefault_ForeignUrl_GivesTheFallback() => Assert.Equal("/", LocalUrl.OrDefault("//evil.example"));
}
