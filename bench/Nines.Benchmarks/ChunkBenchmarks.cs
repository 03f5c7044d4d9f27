using BenchmarkDotNet.Attributes;
using Nines.Metrics.Chunks;

namespace Nines.Benchmarks;

/// <summary>Per-sample cost of appending to and iterating a full 120-sample XOR chunk.</summary>
[MemoryDiagnoser]
public class ChunkBenchmarks
{
    private const int Samples = XorChunk.DefaultMaxSamples;
    private long[] _ts = [];
    private double[] _vs = [];
    private XorChunk _full = new();

    [Params("counter", "gauge", "gauge-full-precision")]
    public string Workload { get; set; } = "counter";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _ts = SampleData.Timestamps(random, Samples);
        _vs = SampleData.Values(Workload, random, Samples);
        _full = new XorChunk();
        for (var i = 0; i < Samples; i++)
        {
            _full.Append(_ts[i], _vs[i]);
        }
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public int Append()
    {
        var chunk = new XorChunk(Samples, initialCapacity: 256);
        for (var i = 0; i < _ts.Length; i++)
        {
            chunk.Append(_ts[i], _vs[i]);
        }

        return chunk.Length;
    }

    [Benchmark(OperationsPerInvoke = Samples)]
    public double Iterate()
    {
        var it = _full.GetIterator();
        var sum = 0.0;
        while (it.MoveNext())
        {
            sum += it.V;
        }

        return sum;
    }
}
