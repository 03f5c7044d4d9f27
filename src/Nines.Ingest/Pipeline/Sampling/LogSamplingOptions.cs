namespace Nines.Ingest.Pipeline.Sampling;

/// <summary>Log sampling: everything at or above a severity is kept; records below it are sampled per service.</summary>
public sealed class LogSamplingOptions
{
    /// <summary>OTLP severity number from which every record is kept (13 = WARN; 9 = INFO, 5 = DEBUG, 17 = ERROR).</summary>
    public int KeepAllFromSeverity { get; init; } = 13;

    /// <summary>Sampling of services not listed in <see cref="Services"/>; the default keeps everything.</summary>
    public LogSamplingRule Default { get; init; } = new();

    /// <summary>Sampling per service name.</summary>
    public IDictionary<string, LogSamplingRule> Services { get; init; } = new Dictionary<string, LogSamplingRule>(StringComparer.Ordinal);

    /// <summary>Throws with the setting's name when a value is out of range.</summary>
    public void Validate()
    {
        if (KeepAllFromSeverity is < 1 or > 24)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepAllFromSeverity), KeepAllFromSeverity, "log sampling keep_all_from_severity must be an OTLP severity number (1–24)");
        }

        Check("default", Default);
        foreach (var (service, rule) in Services)
        {
            Check($"service '{service}'", rule);
        }
    }

    private static void Check(string what, LogSamplingRule rule)
    {
        if (rule.Ratio is < 0 or > 1 || double.IsNaN(rule.Ratio))
        {
            throw new ArgumentOutOfRangeException(nameof(Services), rule.Ratio, $"log sampling ratio of {what} must be between 0 and 1");
        }

        if (rule.MaxPerSecond < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Services), rule.MaxPerSecond, $"log sampling max_per_second of {what} must not be negative");
        }
    }
}
