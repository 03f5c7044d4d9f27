using Nines.Query.Http;

namespace Nines.Functional.Tests.Query;

/// <summary>
/// Numbers as Prometheus 2.42 prints them. Expected strings were read from real Prometheus answers
/// (vector(1e-7) → "1e-07", scalar 1e-7 → "0.0000001", time 1.5 → 1.500 in a vector, 1.5 as a
/// scalar's time) or follow from Go's strconv.FormatFloat(v, 'f' or 'e', -1, 64).
/// </summary>
public sealed class PromFormatTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e-7, "1e-07")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1.5e-10, "1.5e-10")]
    [InlineData(2.5e21, "2.5e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(1435781451.781, "1435781451.781")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.0, "0")]
    public void FormatPointValue_AsJsoniter(double value, string expected)
    {
        Span<char> buffer = stackalloc char[400];
        Assert.Equal(expected, new string(buffer[..PromFormat.FormatPointValue(value, buffer)]));
    }

    [Theory]
    [InlineData(1e-7, "0.0000001")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(-1e-3, "-0.001")]
    public void FormatScalarValue_NeverExponent(double value, string expected)
    {
        Span<char> buffer = stackalloc char[400];
        Assert.Equal(expected, new string(buffer[..PromFormat.FormatScalarValue(value, buffer)]));
    }

    [Theory]
    [InlineData(1435781451781L, "1435781451.781", "1435781451.781")]
    [InlineData(1500L, "1.500", "1.5")]
    [InlineData(1050L, "1.050", "1.05")]
    [InlineData(-1050L, "-1.050", "-1.05")]
    [InlineData(2000L, "2", "2")]
    [InlineData(0L, "0", "0")]
    [InlineData(1005L, "1.005", "1.005")]
    public void FormatTimestamps_PointKeepsZeros_ScalarShortest(long ms, string point, string scalar)
    {
        Span<char> buffer = stackalloc char[64];
        Assert.Equal(point, new string(buffer[..PromFormat.FormatPointTimestamp(ms, buffer)]));
        Assert.Equal(scalar, new string(buffer[..PromFormat.FormatScalarTimestamp(ms, buffer)]));
    }
}
