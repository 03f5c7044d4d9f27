using System.Globalization;

namespace Nines.Ingest.Pipeline.Sampling;

/// <summary>
/// The sampling decision derived from a trace id alone, so every service and replica that sees a
/// trace decides the same way. Follows OpenTelemetry's consistent probability sampling
/// (TraceIdRatioBased with the W3C random trace id flag, OTEP 235): the randomness is the id's last
/// 56 bits, kept when it is at or above the rejection threshold (1 − p) × 2^56. A trace kept at
/// probability p is therefore kept at every higher probability.
/// </summary>
internal static class TraceIdRatio
{
    private const double TwoTo56 = 72057594037927936d;

    public static bool ShouldKeep(ReadOnlySpan<char> traceIdHex, double probability)
    {
        if (probability >= 1)
        {
            return true;
        }

        if (probability <= 0)
        {
            return false;
        }

        // A malformed id gives no randomness to decide on; keeping it loses nothing.
        if (traceIdHex.Length != 32
            || !ulong.TryParse(traceIdHex[18..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var randomness))
        {
            return true;
        }

        var threshold = (ulong)((1 - probability) * TwoTo56);
        return randomness >= threshold;
    }
}
