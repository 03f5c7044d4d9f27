namespace Nines.Ingest.Pipeline.Sampling;

/// <summary>Head sampling: which share of traces is stored, per service, decided from the trace id as spans arrive.</summary>
public sealed class HeadSamplingOptions
{
    /// <summary>Share of traces kept for services not listed in <see cref="Services"/> (0–1).</summary>
    public double DefaultProbability { get; init; } = 1.0;

    /// <summary>Share of traces kept per service name (0–1).</summary>
    public IDictionary<string, double> Services { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Throws with the setting's name when a probability is outside 0–1.</summary>
    public void Validate()
    {
        if (DefaultProbability is < 0 or > 1 || double.IsNaN(DefaultProbability))
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultProbability), DefaultProbability, "head sampling default_probability must be between 0 and 1");
        }

        foreach (var (service, probability) in Services)
        {
            if (probability is < 0 or > 1 || double.IsNaN(probability))
            {
                throw new ArgumentOutOfRangeException(nameof(Services), probability, $"head sampling probability of service '{service}' must be between 0 and 1");
            }
        }
    }
}
