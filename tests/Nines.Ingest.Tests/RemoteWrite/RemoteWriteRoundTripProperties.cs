using FsCheck;
using FsCheck.Xunit;
using Google.Protobuf;
using Nines.Ingest.RemoteWrite;
using Nines.Ingest.Series;
using V1 = Nines.Ingest.Tests.Reference.V1;

namespace Nines.Ingest.Tests.RemoteWrite;

public sealed class RemoteWriteRoundTripProperties
{
    [Property(MaxTest = 300, Replay = "(12345,67891)")]
    public bool DecodeSnappy_EncodedByReference_RoundTripsLabelsAndSamples(string[] values, (long Ts, double V)[] samples)
    {
        var req = new V1.WriteRequest();
        var expected = new List<(Dictionary<string, string> Labels, (long, double)[] Samples)>();
        for (var s = 0; s < Math.Min(values.Length, 20); s++)
        {
            var value = values[s] ?? string.Empty;
            if (HasLoneSurrogate(value))
            {
                continue;
            }

            var ts = new V1.TimeSeries();
            // Unsorted on purpose: the decoder must sort.
            ts.Labels.Add(new V1.Label { Name = "value", Value = value });
            ts.Labels.Add(new V1.Label { Name = "__name__", Value = "m" + s });
            foreach (var (t, v) in samples)
            {
                ts.Samples.Add(new V1.Sample { Timestamp = t, Value = v });
            }

            req.Timeseries.Add(ts);
            var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["__name__"] = "m" + s };
            if (value.Length != 0)
            {
                labels["value"] = value;
            }

            expected.Add((labels, samples.Select(p => (p.Ts, p.V == 0 ? 0.0 : p.V)).ToArray()));
        }

        using var batch = new SeriesBatch();
        var result = new RemoteWriteDecoder().DecodeSnappy(Snappier.Snappy.CompressToArray(req.ToByteArray()), RemoteWriteVersion.V1, batch);
        if (result.Error != IngestErrorKind.None)
        {
            return false;
        }

        var withSamples = expected.Where(e => e.Samples.Length != 0).ToList();
        if (batch.SeriesCount != withSamples.Count)
        {
            return false;
        }

        for (var i = 0; i < withSamples.Count; i++)
        {
            var labels = batch.GetLabels(i);
            if (labels.Count != withSamples[i].Labels.Count || withSamples[i].Labels.Any(kv => labels.Get(kv.Key) != kv.Value))
            {
                return false;
            }

            var got = batch.GetSamples(i);
            for (var j = 0; j < got.Length; j++)
            {
                var (t, v) = withSamples[i].Samples[j];
                if (got[j].TimestampMs != t || BitConverter.DoubleToInt64Bits(got[j].Value) != BitConverter.DoubleToInt64Bits(v))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }

        return false;
    }
}
