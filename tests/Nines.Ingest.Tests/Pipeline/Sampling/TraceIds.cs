namespace Nines.Ingest.Tests.Pipeline.Sampling;

/// <summary>Trace ids whose sampling randomness (the last 56 bits) is chosen by the test.</summary>
internal static class TraceIds
{
    public static string WithRandomness(string last14Hex) => "0123456789abcdef01" + last14Hex;

    // 2^55 is the rejection threshold at probability 0.5.
    public const string Half = "80000000000000";
    public const string JustBelowHalf = "7fffffffffffff";
}
