using Nines.Query.Parser;

namespace Nines.Query.Tests.Parser;

/// <summary>
/// Go's regexp syntax errors for the pattern Prometheus compiles (<c>^(?:re)$</c>), each text as
/// Prometheus 2.42 answered <c>up{a=~"re"}</c>; and patterns Go accepts, which must find no error.
/// </summary>
public sealed class GoRegexpErrorsTests
{
    [Theory]
    [InlineData("(a", "missing closing ): `^(?:(a)$`")]
    [InlineData("a)", "unexpected ): `^(?:a))$`")]
    [InlineData("*a", "missing argument to repetition operator: `*`")]
    [InlineData("a|+", "missing argument to repetition operator: `+`")]
    [InlineData("a**", "invalid nested repetition operator: `**`")]
    [InlineData("a*??", "invalid nested repetition operator: `*??`")]
    [InlineData("x{2}*", "invalid nested repetition operator: `{2}*`")]
    [InlineData("a{2}{3}", "invalid nested repetition operator: `{2}{3}`")]
    [InlineData("a{2,1}", "invalid repeat count: `{2,1}`")]
    [InlineData("a{1001}", "invalid repeat count: `{1001}`")]
    [InlineData("\\q", "invalid escape sequence: `\\q`")]
    [InlineData("\\8", "invalid escape sequence: `\\8`")]
    [InlineData("\\C", "invalid escape sequence: `\\C`")]
    [InlineData("\\x{zz}", "invalid escape sequence: `\\x{z`")]
    [InlineData("[a-\\d]", "invalid escape sequence: `\\d`")]
    [InlineData("(?=a)", "invalid or unsupported Perl syntax: `(?=`")]
    [InlineData("(?<n>a)", "invalid or unsupported Perl syntax: `(?<`")]
    [InlineData("(?-)", "invalid or unsupported Perl syntax: `(?-)`")]
    [InlineData("[z-a]", "invalid character class range: `z-a`")]
    [InlineData("[[:foo:]]", "invalid character class range: `[:foo:]`")]
    [InlineData("[a", "missing closing ]: `[a)$`")]
    [InlineData("[^a", "missing closing ]: `[^a)$`")]
    [InlineData("a\\", "missing closing ): `^(?:a\\)$`")]
    [InlineData("(?i", "missing closing ): `^(?:(?i)$`")]
    public void FirstError_PatternGoRefuses_GoText(string pattern, string expected)
    {
        Assert.Equal(expected, GoRegexpErrors.FirstError("^(?:" + pattern + ")$"));
    }

    [Theory]
    [InlineData("(?P<1a>x)")]
    [InlineData("a{,3}")]
    [InlineData("[]a]")]
    [InlineData("[[:alpha:][:digit:]_-]+")]
    [InlineData("\\x61|\\x{62}|\\101")]
    [InlineData("(?i:A)|(?s).*|(?-i)b|(?im-s:c)")]
    [InlineData("\\pL\\p{Greek}\\PN\\d\\W[\\s\\w]")]
    [InlineData("\\Q*+?\\E|\\.\\*")]
    [InlineData("^a$|\\Ab\\z|\\bc\\B")]
    [InlineData("a+?b*?c??d{2,}?e{1,3}")]
    [InlineData("{|}|a{|a{x}")]
    [InlineData(".*foo.*|(bar|baz)+|()")]
    public void FirstError_PatternGoAccepts_Null(string pattern)
    {
        Assert.Null(GoRegexpErrors.FirstError("^(?:" + pattern + ")$"));
    }
}
