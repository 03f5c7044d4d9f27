using Nines.Query.Functions;

namespace Nines.Query.Tests.Functions;

public class GoStrconvTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("+Infinity", double.PositiveInfinity)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5)]
    [InlineData("1e-3", 0.001)]
    [InlineData("1E+2", 100)]
    [InlineData("0x1p-1", 0.5)]
    [InlineData("0X.8p1", 1)]
    [InlineData("0x_1p4", 16)]
    [InlineData("1_000.5", 1000.5)]
    [InlineData("1e1_0", 1e10)]
    [InlineData("-0", -0.0)]
    [InlineData("1e-400", 0)] // underflow is not an error in Go
    public void TryParse_GoSyntax_Parses(string text, double expected)
    {
        Assert.True(GoStrconv.TryParse(text, out double v));
        Assert.Equal(expected, v);
    }

    [Fact]
    public void TryParse_NaN_ParsesUnsignedOnly()
    {
        Assert.True(GoStrconv.TryParse("NaN", out double v));
        Assert.True(double.IsNaN(v));
        Assert.True(GoStrconv.TryParse("nan", out _));
        Assert.False(GoStrconv.TryParse("+NaN", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1__0")]
    [InlineData("_1")]
    [InlineData("1_")]
    [InlineData("1_.5")]
    [InlineData("1e")]
    [InlineData(".")]
    [InlineData("0x10")] // hex needs a p exponent
    [InlineData("0b1")]
    [InlineData("1e400")] // range error
    [InlineData("infin")]
    [InlineData("Infinity!")]
    [InlineData("∞")]
    public void TryParse_NotGoSyntax_False(string text)
    {
        Assert.False(GoStrconv.TryParse(text, out _));
    }

    [Theory]
    [InlineData(1, "1")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1.5e-5, "0.000015")]
    [InlineData(-2.5e-7, "-0.00000025")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(-0.0, "-0")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void FormatF_ShortestPositional(double v, string expected)
    {
        Assert.Equal(expected, GoStrconv.FormatF(v));
    }
}
