namespace Nines.Metrics.Downsampling;

/// <summary>The resolutions Nines downsamples to (Thanos' 5m and 1h), in milliseconds.</summary>
public static class Resolutions
{
    /// <summary>Raw samples, not downsampled.</summary>
    public const long Raw = 0;

    /// <summary>5-minute windows, written from raw blocks.</summary>
    public const long FiveMinutes = 5 * 60 * 1000;

    /// <summary>1-hour windows, written from 5-minute blocks.</summary>
    public const long OneHour = 60 * 60 * 1000;

    /// <summary>"raw", "5m" or "1h".</summary>
    public static string Name(long resolution) => resolution switch
    {
        FiveMinutes => "5m",
        OneHour => "1h",
        _ => "raw",
    };
}
