using Google.Protobuf;
using Snappier;
using V1 = Nines.Ingest.Tests.Reference.V1;
using V2 = Nines.Ingest.Tests.Reference.V2;

namespace Nines.Ingest.Tests.RemoteWrite;

/// <summary>Reference payloads built with Google.Protobuf generated types and Snappier.</summary>
internal static class Payloads
{
    public static V1.TimeSeries Series(string[] labels, params (long Ts, double V)[] samples)
    {
        var ts = new V1.TimeSeries();
        for (var i = 0; i < labels.Length; i += 2)
        {
            ts.Labels.Add(new V1.Label { Name = labels[i], Value = labels[i + 1] });
        }

        foreach (var (t, v) in samples)
        {
            ts.Samples.Add(new V1.Sample { Timestamp = t, Value = v });
        }

        return ts;
    }

    public static byte[] V1Bytes(params V1.TimeSeries[] series)
    {
        var req = new V1.WriteRequest();
        req.Timeseries.AddRange(series);
        return req.ToByteArray();
    }

    public static byte[] Snappy(byte[] raw) => Snappier.Snappy.CompressToArray(raw);

    public static V1.WriteRequest Realistic(int seriesCount, int samplesPerSeries, int seed = 42)
    {
        var random = new Random(seed);
        var req = new V1.WriteRequest();
        for (var s = 0; s < seriesCount; s++)
        {
            var ts = Series(
            [
                "__name__", $"http_requests_total_{s % 50}",
                "instance", $"10.0.{s % 256}.{s / 256 % 256}:9100",
                "job", "node",
                "method", (s % 3) switch { 0 => "GET", 1 => "POST", _ => "PUT" },
                "path", $"/api/v1/items/{s % 100}",
                "status", (200 + (s % 5)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ]);
            for (var i = 0; i < samplesPerSeries; i++)
            {
                ts.Samples.Add(new V1.Sample { Timestamp = 1_700_000_000_000 + (i * 15_000), Value = random.NextDouble() * 1000 });
            }

            req.Timeseries.Add(ts);
        }

        return req;
    }

    /// <summary>Builds a 2.0 request; labels are interned into the symbol table (which starts with "").</summary>
    public static V2.Request V2Request(params (string[] Labels, (long Ts, double V)[] Samples)[] series)
    {
        var req = new V2.Request();
        req.Symbols.Add(string.Empty);
        var index = new Dictionary<string, uint>(StringComparer.Ordinal) { [string.Empty] = 0 };
        foreach (var (labels, samples) in series)
        {
            var ts = new V2.TimeSeries();
            foreach (var l in labels)
            {
                if (!index.TryGetValue(l, out var r))
                {
                    r = (uint)req.Symbols.Count;
                    index[l] = r;
                    req.Symbols.Add(l);
                }

                ts.LabelsRefs.Add(r);
            }

            foreach (var (t, v) in samples)
            {
                ts.Samples.Add(new V2.Sample { Timestamp = t, Value = v });
            }

            req.Timeseries.Add(ts);
        }

        return req;
    }
}
