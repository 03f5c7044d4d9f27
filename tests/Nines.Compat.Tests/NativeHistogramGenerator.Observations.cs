using Nines.Compat.Tests.ClientModel;

namespace Nines.Compat.Tests;

internal sealed partial class NativeHistogramGenerator
{
    /// <summary>
    /// Cumulative observations of one series, bucketed at <c>schema</c> and re-bucketed at a lower
    /// schema on the way out, as a client that reduces its resolution merges neighbouring buckets.
    /// </summary>
    private sealed class Observations(int schema)
    {
        private readonly SortedDictionary<int, long> _positive = [];
        private readonly SortedDictionary<int, long> _negative = [];
        private readonly List<double> _small = [];

        public long Count { get; private set; }

        private double Sum { get; set; }

        public void Observe(double value)
        {
            Count++;
            Sum += value;
            if (value == 0 || Math.Abs(value) <= 0.001)
            {
                // Kept aside: whether it is in the zero bucket depends on the threshold served.
                _small.Add(value);
                return;
            }

            var buckets = value > 0 ? _positive : _negative;
            var index = Index(Math.Abs(value), schema);
            buckets[index] = buckets.GetValueOrDefault(index) + 1;
        }

        public Histogram Encode(int servedSchema, double zeroThreshold)
        {
            var positive = Merge(_positive, schema - servedSchema);
            var negative = Merge(_negative, schema - servedSchema);
            var h = new Histogram
            {
                SampleCount = (ulong)Count,
                SampleSum = Sum,
                Schema = servedSchema,
                ZeroThreshold = zeroThreshold,
            };
            foreach (var value in _small)
            {
                if (Math.Abs(value) <= zeroThreshold)
                {
                    h.ZeroCount++;
                }
                else
                {
                    var buckets = value > 0 ? positive : negative;
                    var index = Index(Math.Abs(value), servedSchema);
                    buckets[index] = buckets.GetValueOrDefault(index) + 1;
                }
            }

            Spans(positive, h.PositiveSpan, h.PositiveDelta);
            Spans(negative, h.NegativeSpan, h.NegativeDelta);
            if (h.PositiveSpan.Count == 0)
            {
                // A no-op span tells Prometheus this is a native histogram even when it is empty.
                h.PositiveSpan.Add(new BucketSpan());
            }

            return h;
        }

        // Bucket i of schema s holds (2^((i-1)/2^s), 2^(i/2^s)].
        private static int Index(double magnitude, int schema) => (int)Math.Ceiling(Math.Log2(magnitude) * Math.Pow(2, schema));

        // Lowering the schema by d merges 2^d neighbouring buckets: i goes to floor((i-1)/2^d)+1.
        private static SortedDictionary<int, long> Merge(SortedDictionary<int, long> buckets, int d)
        {
            var merged = new SortedDictionary<int, long>();
            foreach (var (index, count) in buckets)
            {
                var target = d == 0 ? index : (int)Math.Floor((index - 1) / Math.Pow(2, d)) + 1;
                merged[target] = merged.GetValueOrDefault(target) + count;
            }

            return merged;
        }

        private static void Spans(SortedDictionary<int, long> buckets, ICollection<BucketSpan> spans, ICollection<long> deltas)
        {
            BucketSpan? span = null;
            var previousIndex = 0;
            var previousCount = 0L;
            foreach (var (index, count) in buckets)
            {
                if (span is null || index != previousIndex + 1)
                {
                    span = new BucketSpan { Offset = span is null ? index : index - previousIndex - 1 };
                    spans.Add(span);
                }

                span.Length++;
                deltas.Add(count - previousCount);
                previousIndex = index;
                previousCount = count;
            }
        }
    }
}
