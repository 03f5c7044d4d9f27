using Nines.Configuration;

namespace Nines.Tests.Configuration;

public sealed class DurationsTests
{
    public static TheoryData<string, TimeSpan> Valid => new()
    {
        { "500ms", TimeSpan.FromMilliseconds(500) },
        { "30s", TimeSpan.FromSeconds(30) },
        { "5m", TimeSpan.FromMinutes(5) },
        { "1h30m", TimeSpan.FromMinutes(90) },
        { "12h", TimeSpan.FromHours(12) },
        { "7d", TimeSpan.FromDays(7) },
        { "2w", TimeSpan.FromDays(14) },
        { "1y", TimeSpan.FromDays(365) },
        { "1d2h3m4s5ms", new TimeSpan(1, 2, 3, 4, 5) },
        { "0s", TimeSpan.Zero },
        { " 90s ", TimeSpan.FromSeconds(90) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_PrometheusDuration_ReturnsValue(string text, TimeSpan expected)
    {
        Assert.True(Durations.TryParse(text, out var value, out var error), error);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("0")]
    public void TryParse_BareNumber_SaysAUnitIsRequired(string text)
    {
        Assert.False(Durations.TryParse(text, out _, out var error));
        Assert.Contains("needs a unit", error, StringComparison.Ordinal);
        Assert.Contains($"{text}s", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("5x")]
    [InlineData("1m1h")]
    [InlineData("1h1h")]
    [InlineData("1.5h")]
    [InlineData("-5s")]
    [InlineData("h")]
    [InlineData("1h30")]
    [InlineData("5 m")]
    public void TryParse_Malformed_FailsAndShowsSyntax(string text)
    {
        Assert.False(Durations.TryParse(text, out _, out var error));
        Assert.Contains($"'{text}'", error, StringComparison.Ordinal);
        Assert.Contains("30s", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Empty_Fails()
    {
        Assert.False(Durations.TryParse("", out _, out var error));
        Assert.Contains("got nothing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Overflow_SaysTooLong()
    {
        Assert.False(Durations.TryParse("999999999999999999y", out _, out var error));
        Assert.Contains("too long", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(500, "500ms")]
    [InlineData(30_000, "30s")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(43_200_000, "12h")]
    [InlineData(86_400_000, "1d")]
    [InlineData(90_061_001, "1d1h1m1s1ms")]
    public void Format_Milliseconds_WritesParsableText(long milliseconds, string expected)
    {
        var text = Durations.Format(TimeSpan.FromMilliseconds(milliseconds));

        Assert.Equal(expected, text);
        Assert.True(Durations.TryParse(text, out var back, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), back);
    }
}
