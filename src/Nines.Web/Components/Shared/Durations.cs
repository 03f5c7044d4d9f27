using System.Globalization;

namespace Nines.Web.Components.Shared;

/// <summary>Durations and times as the pages print them.</summary>
internal static class Durations
{
    /// <summary>"45 seconds", "3 minutes", "2 hours", "5 days": rounded up to the unit that reads best.</summary>
    public static string Describe(TimeSpan span)
    {
        if (span <= TimeSpan.FromSeconds(90))
        {
            return Plural((int)Math.Ceiling(Math.Max(1, span.TotalSeconds)), "second");
        }

        if (span <= TimeSpan.FromMinutes(90))
        {
            return Plural((int)Math.Ceiling(span.TotalMinutes), "minute");
        }

        return span <= TimeSpan.FromHours(48)
            ? Plural((int)Math.Ceiling(span.TotalHours), "hour")
            : Plural((int)Math.Ceiling(span.TotalDays), "day");
    }

    /// <summary>"2025-11-25 18:34Z": UTC, to the minute, sortable.</summary>
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    /// <summary>"2025-11-25 18:34:02Z": UTC, to the second.</summary>
    public static string UtcSeconds(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The ISO 8601 form for a &lt;time datetime&gt; attribute.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
