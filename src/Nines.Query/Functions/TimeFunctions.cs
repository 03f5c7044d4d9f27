namespace Nines.Query.Functions;

/// <summary>
/// day_of_month, day_of_week, day_of_year, days_in_month, hour, minute, month, year of a Unix time in
/// seconds, in UTC (2.42 dateWrapper: time.Unix(int64(v), 0).UTC()).
/// </summary>
/// <remarks>
/// Prometheus truncates the value to whole seconds with Go's int64 conversion, so NaN, ±Inf and values
/// beyond ±2^63 all become math.MinInt64, and Go's calendar arithmetic then wraps around its unsigned
/// "absolute" clock: year(vector(NaN)) is 292277026596 (4 December, 15:30, a Sunday). Prometheus 3.x
/// answers the same for NaN only by accident of the same arithmetic; the engine helper must not filter
/// these values out. The calendar is the proleptic Gregorian one Go uses.
/// </remarks>
internal static class TimeFunctions
{
    private const ulong SecondsPerDay = 86_400;
    private const ulong DaysPer400Years = (365 * 400) + 97;
    private const ulong DaysPer100Years = (365 * 100) + 24;
    private const ulong DaysPer4Years = (365 * 4) + 1;

    // Go counts "absolute" time in uint64 seconds from 1 January of this year, chosen ≡ 1 (mod 400) so
    // that 400-year cycles start on it, and far enough back that any int64 Unix time is after it.
    private const long AbsoluteZeroYear = -292_277_022_399;

    // Seconds from the absolute zero to the Unix epoch: days from year AbsoluteZeroYear to 1970, times 86400.
    private const long UnixToAbsolute = 9_223_372_028_715_321_600;

    /// <summary>day_of_month: 1–31.</summary>
    public static double DayOfMonth(double unixSeconds)
    {
        Civil(unixSeconds, out _, out _, out int day, out _);
        return day;
    }

    /// <summary>day_of_week: 0 (Sunday) – 6.</summary>
    public static double DayOfWeek(double unixSeconds)
    {
        ulong abs = Absolute(unixSeconds);

        // The absolute zero, like 1 January 2001, is a Monday.
        return (abs / SecondsPerDay + 1) % 7;
    }

    /// <summary>day_of_year: 1–365, 366 in leap years.</summary>
    public static double DayOfYear(double unixSeconds)
    {
        Civil(unixSeconds, out _, out _, out _, out int yearDay);
        return yearDay + 1;
    }

    /// <summary>days_in_month: 28–31.</summary>
    public static double DaysInMonth(double unixSeconds)
    {
        Civil(unixSeconds, out long year, out int month, out _, out _);
        return DaysIn(month, year);
    }

    /// <summary>hour: 0–23.</summary>
    public static double Hour(double unixSeconds) => Absolute(unixSeconds) % SecondsPerDay / 3600;

    /// <summary>minute: 0–59.</summary>
    public static double Minute(double unixSeconds) => Absolute(unixSeconds) % 3600 / 60;

    /// <summary>month: 1–12.</summary>
    public static double Month(double unixSeconds)
    {
        Civil(unixSeconds, out _, out int month, out _, out _);
        return month;
    }

    /// <summary>year.</summary>
    public static double Year(double unixSeconds)
    {
        Civil(unixSeconds, out long year, out _, out _, out _);
        return year;
    }

    private static ulong Absolute(double unixSeconds) =>
        unchecked((ulong)(GoMath.ToInt64(unixSeconds) + UnixToAbsolute));

    /// <summary>Splits absolute days into 400-, 100-, 4- and 1-year cycles (proleptic Gregorian).</summary>
    private static void Civil(double unixSeconds, out long year, out int month, out int day, out int yearDay)
    {
        ulong d = Absolute(unixSeconds) / SecondsPerDay;

        ulong n = d / DaysPer400Years;
        ulong y = 400 * n;
        d -= DaysPer400Years * n;

        // The last day of a 400-year cycle would count as a fifth century; fold it back into the fourth.
        n = d / DaysPer100Years;
        n -= n >> 2;
        y += 100 * n;
        d -= DaysPer100Years * n;

        n = d / DaysPer4Years;
        y += 4 * n;
        d -= DaysPer4Years * n;

        // Likewise the leap day ending a 4-year cycle would count as a fifth year.
        n = d / 365;
        n -= n >> 2;
        y += n;
        d -= 365 * n;

        year = unchecked((long)y + AbsoluteZeroYear);
        yearDay = (int)d;

        int remaining = yearDay;
        month = 1;
        while (remaining >= DaysIn(month, year))
        {
            remaining -= DaysIn(month, year);
            month++;
        }

        day = remaining + 1;
    }

    private static int DaysIn(int month, long year) => month switch
    {
        2 => IsLeap(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    private static bool IsLeap(long year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}
