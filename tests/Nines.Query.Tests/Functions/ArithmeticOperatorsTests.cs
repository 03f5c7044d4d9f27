using Nines.Query.Functions;

namespace Nines.Query.Tests.Functions;

public class ArithmeticOperatorsTests
{
    [Theory]
    // Values printed by promtool 2.42 for vector(x) ^ y; Math.Pow gives the neighbouring double.
    [InlineData(10, 23, 1e23)]
    [InlineData(1.1, 10, 2.593742460100002)]
    [InlineData(1.5, 100, 4.065611775352153e+17)]
    [InlineData(0.001, 4, 1e-12)]
    [InlineData(0.3, 17, 1.2914016299999995e-09)]
    // Special cases from https://pkg.go.dev/math#Pow.
    [InlineData(2, 0.5, 1.4142135623730951)]
    [InlineData(-8, 1.0 / 3, double.NaN)]
    [InlineData(-1, double.PositiveInfinity, 1)]
    [InlineData(1, double.NaN, 1)]
    [InlineData(double.NaN, 0, 1)]
    [InlineData(0, -1, double.PositiveInfinity)]
    [InlineData(-2, 3, -8)]
    [InlineData(2, -1074, double.Epsilon)]
    [InlineData(2, 1024, double.PositiveInfinity)]
    [InlineData(0.5, 1e300, 0)]
    [InlineData(-1, 1e300, 1)]
    public void Pow_GoSemantics(double x, double y, double expected)
    {
        Assert.Equal(expected, ArithmeticOperators.Pow(x, y));
    }

    [Fact]
    public void Pow_NegativeZeroOddPower_KeepsSign()
    {
        Assert.True(double.IsNegative(ArithmeticOperators.Pow(-0.0, 3)));
        Assert.Equal(double.NegativeInfinity, ArithmeticOperators.Pow(-0.0, -3));
    }

    [Theory]
    [InlineData(5.5, 2, 1.5)]
    [InlineData(-5.5, 2, -1.5)]
    [InlineData(5, 0, double.NaN)]
    [InlineData(5, double.PositiveInfinity, 5)]
    [InlineData(double.PositiveInfinity, 2, double.NaN)]
    public void Mod_Fmod(double x, double y, double expected)
    {
        Assert.Equal(expected, ArithmeticOperators.Mod(x, y));
    }
}
