using Nines.Query.Functions;

namespace Nines.Query.Tests.Functions;

public class TimeFunctionsTests
{
    public static TheoryData<double, double, double, double, double, double, double, double, double> Cases => new()
    {
        // unix seconds, year, month, day, day_of_year, day_of_week, hour, minute, days_in_month
        { 0, 1970, 1, 1, 1, 4, 0, 0, 31 }, // epoch, a Thursday
        { -1, 1969, 12, 31, 365, 3, 23, 59, 31 },
        { -1.5, 1969, 12, 31, 365, 3, 23, 59, 31 }, // truncated toward zero to -1
        { 1_700_000_000, 2023, 11, 14, 318, 2, 22, 13, 30 },
        { 1_709_164_800, 2024, 2, 29, 60, 4, 0, 0, 29 }, // leap day
        { 4_105_123_200, 2100, 2, 1, 32, 1, 0, 0, 28 }, // 2100 is not leap
        { 950_616_000, 2000, 2, 15, 46, 2, 12, 0, 29 }, // 2000 is leap
        // promtool 2.42 for NaN: Go's int64(NaN) is MinInt64, which wraps Go's absolute clock.
        { double.NaN, 292_277_026_596, 12, 4, 339, 0, 15, 30, 31 },
        { double.PositiveInfinity, 292_277_026_596, 12, 4, 339, 0, 15, 30, 31 },
        { -9.3e18, 292_277_026_596, 12, 4, 339, 0, 15, 30, 31 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fields_UnixSeconds_UtcCalendar(
        double s, double year, double month, double day, double doy, double dow, double hour, double minute, double dim)
    {
        Assert.Equal(year, TimeFunctions.Year(s));
        Assert.Equal(month, TimeFunctions.Month(s));
        Assert.Equal(day, TimeFunctions.DayOfMonth(s));
        Assert.Equal(doy, TimeFunctions.DayOfYear(s));
        Assert.Equal(dow, TimeFunctions.DayOfWeek(s));
        Assert.Equal(hour, TimeFunctions.Hour(s));
        Assert.Equal(minute, TimeFunctions.Minute(s));
        Assert.Equal(dim, TimeFunctions.DaysInMonth(s));
    }
}
