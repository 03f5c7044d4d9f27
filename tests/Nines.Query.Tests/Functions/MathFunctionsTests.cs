using Nines.Query.Functions;

namespace Nines.Query.Tests.Functions;

public class MathFunctionsTests
{
    [Theory]
    [InlineData(2.5, 1, 3)]
    [InlineData(-2.5, 1, -2)] // ties go up
    [InlineData(1.234, 0.1, 1.2)]
    [InlineData(5, 2, 6)]
    [InlineData(-0.4, 1, 0)]
    public void Round_ToNearest_FloorPlusHalf(double v, double toNearest, double expected)
    {
        Assert.Equal(expected, MathFunctions.Round(v, toNearest), 1e-12);
    }

    [Fact]
    public void Sgn_SpecialValues()
    {
        Assert.Equal(-1, MathFunctions.Sgn(-3));
        Assert.Equal(1, MathFunctions.Sgn(double.PositiveInfinity));
        Assert.True(double.IsNegative(MathFunctions.Sgn(-0.0)));
        Assert.True(double.IsNaN(MathFunctions.Sgn(double.NaN)));
    }

    [Fact]
    public void Clamp_MaxBelowMin_NoOutput()
    {
        Assert.True(MathFunctions.Clamp(5, 1, 3, out double r));
        Assert.Equal(3, r);
        Assert.True(MathFunctions.Clamp(-5, 1, 3, out r));
        Assert.Equal(1, r);
        Assert.False(MathFunctions.Clamp(2, 3, 1, out _));
    }

    [Fact]
    public void Clamp_NaN_FollowsGoMinMax()
    {
        // promtool 2.42: clamp(vector(NaN), -Inf, Inf) is NaN; clamp_max(vector(NaN), -Inf) is -Inf.
        Assert.True(MathFunctions.Clamp(double.NaN, double.NegativeInfinity, double.PositiveInfinity, out double r));
        Assert.True(double.IsNaN(r));
        Assert.Equal(double.NegativeInfinity, MathFunctions.ClampMax(double.NaN, double.NegativeInfinity));
        Assert.Equal(double.PositiveInfinity, MathFunctions.ClampMin(double.NaN, double.PositiveInfinity));
        Assert.True(double.IsNaN(MathFunctions.ClampMin(double.NaN, 0)));
        Assert.True(MathFunctions.Clamp(5, double.NaN, 3, out r));
        Assert.True(double.IsNaN(r));
    }

    [Fact]
    public void DegRadPi_RoundTrip()
    {
        Assert.Equal(180, MathFunctions.Deg(MathFunctions.Pi()));
        Assert.Equal(Math.PI, MathFunctions.Rad(180));
    }

    [Fact]
    public void Logs_SpecialValues()
    {
        Assert.Equal(double.NegativeInfinity, MathFunctions.Ln(0));
        Assert.True(double.IsNaN(MathFunctions.Ln(-1)));
        Assert.Equal(3, MathFunctions.Log2(8));
        Assert.Equal(3, MathFunctions.Log10(1000));
        Assert.True(double.IsNaN(MathFunctions.Sqrt(-1)));
        Assert.Equal(double.PositiveInfinity, MathFunctions.Atanh(1));
    }

    [Fact]
    public void Log10_GoFormula_NotCorrectlyRounded()
    {
        // promtool 2.42: log10(vector(1000000000000000.5)) is 1.4999999999999998E+01, because Go computes
        // ln(x)·(1/ln 10); a correctly rounded log10 would give 15.
        Assert.Equal(14.999999999999998, MathFunctions.Log10(1e15 + 0.5));
        Assert.Equal(1.3219280948873622, MathFunctions.Log2(2.5));
        Assert.Equal(-1074, MathFunctions.Log2(double.Epsilon));
    }

    [Fact]
    public void Acos_NearOne_LosesDigitsAsGo()
    {
        // promtool 2.42: acos(vector(0.9999999)) is 4.472135991180348E-04 (the accurate value is
        // 4.4721359910904…E-04): Go computes π/2 − asin(x) with asin through sqrt(1 − x²).
        Assert.Equal(4.472135991180348E-04, MathFunctions.Acos(0.9999999));
        Assert.Equal(1.5703491131957785, MathFunctions.Asin(0.9999999));
        Assert.True(double.IsNaN(MathFunctions.Asin(1.5)));
        Assert.True(double.IsNegative(MathFunctions.Asin(-0.0)));
    }
}
