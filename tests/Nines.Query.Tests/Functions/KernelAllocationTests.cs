using Nines.Query.Functions;

namespace Nines.Query.Tests.Functions;

/// <summary>The kernels run once per series per step: they must not allocate.</summary>
public class KernelAllocationTests
{
    private double _sink;

    [Fact]
    public void Kernels_Warm_AllocateNothing()
    {
        long[] t = new long[64];
        double[] v = new double[64];
        double[] scratch = new double[64];
        Bucket[] buckets = new Bucket[8];
        int[] selected = new int[64];
        for (int i = 0; i < t.Length; i++)
        {
            t[i] = i * 15_000L;
            v[i] = (i * 7.5) + (i % 5 == 0 ? -3 : 0);
        }

        void RunAll()
        {
            double sink = 0;
            RangeFunctions.Extrapolated(t, v, 0, 1_000_000, true, true, out double r);
            sink += r;
            RangeFunctions.Irate(t, v, out r);
            sink += r + RangeFunctions.Changes(v) + RangeFunctions.Resets(v);
            RangeFunctions.Deriv(t, v, out r);
            sink += r;
            RangeFunctions.PredictLinear(t, v, 1_000_000, 60, out r);
            sink += r;
            RangeFunctions.HoltWinters(v, 0.5, 0.5, out r);
            sink += r + RangeFunctions.AvgOverTime(v) + RangeFunctions.SumOverTime(v) + RangeFunctions.MinOverTime(v)
                + RangeFunctions.MaxOverTime(v) + RangeFunctions.StddevOverTime(v) + RangeFunctions.StdvarOverTime(v);
            v.CopyTo(scratch, 0);
            sink += RangeFunctions.QuantileOverTime(0.9, scratch);
            v.CopyTo(scratch, 0);
            sink += RangeFunctions.MadOverTime(scratch);
            var sum = default(SumAccumulator);
            var avg = default(AvgAccumulator);
            var sd = default(StdvarAccumulator);
            foreach (double x in v)
            {
                sum.Add(x);
                avg.Add(x);
                sd.Add(x);
            }

            sink += sum.Result + avg.Result + sd.Stddev + Aggregations.TopK(v, 5, false, selected);
            for (int i = 0; i < buckets.Length; i++)
            {
                buckets[i] = new Bucket(i == buckets.Length - 1 ? double.PositiveInfinity : buckets.Length - i, 100 - (i * 10));
            }

            sink += HistogramFunctions.BucketQuantile(0.9, buckets);
            sink += TimeFunctions.Year(1.7e9) + TimeFunctions.DaysInMonth(1.7e9) + MathFunctions.Log2(3) + ArithmeticOperators.Pow(1.1, 10.5);
            Volatile.Write(ref _sink, sink); // keeps the work observable without boxing
        }

        // Warm up past tiered compilation (call counting and tier-1 rejit allocate on the calling thread).
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 500; i++)
            {
                RunAll();
            }

            Thread.Sleep(200);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            RunAll();
        }

        // Any allocation per run would show as at least 100 × 24 bytes.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 100);
    }
}
