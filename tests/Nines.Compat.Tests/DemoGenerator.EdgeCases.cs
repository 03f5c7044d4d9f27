using Nines.Testing.Peers;

namespace Nines.Compat.Tests;

/// <summary>
/// The families of our own corpus (Corpus/nines-queries.yml), all named <c>nines_*</c> so the
/// public corpus' answers stay as they were: counters that reset (twice in a row, to exactly zero,
/// and not at all), gauges holding NaN and ±Inf, series that go stale with a marker, expire without
/// one, or start late, sparse series around the 5m lookback, jittered timestamps, extreme values,
/// an info metric for joins and label functions, and twin series for many-to-many errors.
/// </summary>
internal sealed partial class DemoGenerator
{
    private static readonly string[] Codes = ["200", "500"];

    private void ScrapeEdgeCases(RemoteWritePayload p, EdgeState state, int step)
    {
        var t = Start + (step * (long)IntervalMs);
        for (var i = 0; i < Instances.Length; i++)
        {
            var instance = Instances[i];
            for (var c = 0; c < Codes.Length; c++)
            {
                ref var counter = ref state.Requests[i, c];
                var reset = i switch
                {
                    0 => step is 60 or 61 or 200,
                    1 => step == 120,
                    _ => false,
                };
                if (reset)
                {
                    // Instance 1 restarts to exactly zero; instance 0 restarts twice in a row and comes back small.
                    counter = i == 1 ? 0 : Math.Floor(Noise(i, 500 + c, step) * 3);
                }
                else if (step % 9 != 4)
                {
                    // Every ninth scrape the counter does not move, so rate and changes see flat stretches.
                    counter += Math.Floor(Noise(i, 510 + c, step) * (c == 0 ? 40 : 4));
                }

                p.Add(["__name__", "nines_http_requests_total", "code", Codes[c], "instance", instance, "job", "api"], t, counter);
            }

            var wave = Math.Sin((step + (i * 13)) / 7.0) * 10;
            p.Add(["__name__", "nines_special_value", "instance", instance, "job", "api", "kind", "nan"], t, step % 7 == 3 ? double.NaN : wave);
            p.Add(["__name__", "nines_special_value", "instance", instance, "job", "api", "kind", "inf"], t, step % 5 == 1 ? double.PositiveInfinity : wave + 1);
            p.Add(["__name__", "nines_special_value", "instance", instance, "job", "api", "kind", "neginf"], t, step % 11 == 2 ? double.NegativeInfinity : wave - 1);
            p.Add(["__name__", "nines_special_value", "instance", instance, "job", "api", "kind", "zero"], t, 0);
            p.Add(["__name__", "nines_special_value", "instance", instance, "job", "api", "kind", "negative"], t, -Math.Abs(wave) - 0.5);

            // Instance 0 flaps with staleness markers, instance 1 stops at scrape 100 without one (only
            // the lookback ends it), instance 2 appears at scrape 150.
            string[] flap = ["__name__", "nines_flap", "instance", instance, "job", "api"];
            var value = 100 + step + (i * 1000);
            switch (i)
            {
                case 0 when (step / 30) % 2 == 0:
                    p.Add(flap, t, value);
                    break;
                case 0 when step % 30 == 0:
                    p.Add(flap, t, RemoteWritePayload.StaleNaN);
                    break;
                case 1 when step < 100:
                    p.Add(flap, t, value);
                    break;
                case 2 when step >= 150:
                    p.Add(flap, t, value);
                    break;
            }

            // One sample every 4 minutes (inside the 5m lookback) and every 6 minutes (gaps beyond it).
            if ((step + i) % 16 == 0)
            {
                p.Add(["__name__", "nines_sparse", "instance", instance, "job", "api", "every", "4m"], t, Math.Round(Noise(i, 600, step) * 100, 2));
            }

            if ((step + i) % 24 == 0)
            {
                p.Add(["__name__", "nines_sparse", "instance", instance, "job", "api", "every", "6m"], t, Math.Round(Noise(i, 610, step) * 100, 2));
            }

            // Timestamps jittered up to ±900 ms around the scrape, as real scrapes are.
            var jitter = (long)((Noise(i, 700, step) - 0.5) * 1800);
            p.Add(["__name__", "nines_jitter", "instance", instance, "job", "api"], t + jitter, Math.Round(Noise(i, 710, step) * 50, 3));

            p.Add(["__name__", "nines_info", "env", i == 2 ? "staging" : "prod", "instance", instance, "job", "api", "service", i == 1 ? "checkout-api" : "web-frontend", "version", $"1.{i}.{i * 3}"], t, 1);

            // Two shards per instance: matching on(instance) against them is many-to-many.
            p.Add(["__name__", "nines_shard_load", "instance", instance, "job", "api", "shard", "a"], t, 10 + i + (step % 4));
            p.Add(["__name__", "nines_shard_load", "instance", instance, "job", "api", "shard", "b"], t, 20 + i - (step % 3));

            p.Add(["__name__", "nines_extreme", "instance", instance, "job", "api", "kind", "huge"], t, 1.5e308 / (i + 1));
            p.Add(["__name__", "nines_extreme", "instance", instance, "job", "api", "kind", "tiny"], t, 4.9e-324 * (i + 1));
            p.Add(["__name__", "nines_extreme", "instance", instance, "job", "api", "kind", "precise"], t, 0.1 + (step * 0.2) + (i * 1e-9));
        }
    }

    internal sealed class EdgeState
    {
        public double[,] Requests { get; } = new double[3, 2];
    }
}
