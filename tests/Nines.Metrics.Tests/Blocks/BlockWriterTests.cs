using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Nines.Metrics.Blocks;
using Nines.Metrics.Head;
using Nines.Metrics.Index;
using Nines.Metrics.IO;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Tests.Blocks;

public sealed class BlockWriterTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nines-block-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-25T12:00:00Z", CultureInfo.InvariantCulture));

    public BlockWriterTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Commit_ThreeSeries_PromtoolDumpsTheSameSamples()
    {
        var dir = WriteBlock(Series(), out var expected);

        var dumped = Promtool.Dump([dir]);

        Assert.Equal(expected, dumped);
        var (code, list) = Promtool.Run("tsdb", "list", _root);
        Assert.Equal(0, code);
        Assert.Contains(Path.GetFileName(dir), list, StringComparison.Ordinal);
        Assert.Contains("1000", list, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_BlockWrittenByPromtool_ReadsItsSamples()
    {
        var input = Path.Combine(_root, "in.om");
        File.WriteAllText(input, "# TYPE up gauge\nup{job=\"a\",instance=\"x\"} 1 1700000000\nup{job=\"a\",instance=\"x\"} 0 1700000015\nup{job=\"b\",instance=\"y\"} 1 1700000000\n# EOF\n");
        var output = Path.Combine(_root, "prom");
        var (code, text) = Promtool.Run("tsdb", "create-blocks-from", "openmetrics", input, output);
        Assert.True(code == 0, text);
        var blockDir = Directory.EnumerateDirectories(output).Single(d => Ulid.IsValid(Path.GetFileName(d)));

        var block = Block.Open(PhysicalFileSystem.Instance, blockDir);
        try
        {
            var lines = Read(block, long.MinValue, long.MaxValue);
            Assert.Equal(
                [
                    "{__name__=\"up\", instance=\"x\", job=\"a\"} 1 1700000000000",
                    "{__name__=\"up\", instance=\"x\", job=\"a\"} 0 1700000015000",
                    "{__name__=\"up\", instance=\"y\", job=\"b\"} 1 1700000000000",
                ],
                lines);
        }
        finally
        {
            block.Release();
        }
    }

    [Fact]
    public void Select_RangeAcrossManyChunks_ReturnsExactlyTheSamplesInRange()
    {
        // Full-precision random values make 120-sample chunks of about 1.9 KB, bigger than the
        // slack the coalesced read takes after a series' last chunk in range: that chunk is read
        // again on its own. The smooth counter's chunks fit in the slack.
        var random = new Random(11);
        var noisy = Enumerable.Range(0, 1000).Select(i => (1_000_000 + (15_000L * i), random.NextDouble() * 1e6)).ToList();
        var counter = Enumerable.Range(0, 1000).Select(i => (1_000_000 + (15_000L * i), (double)(i * 3))).ToList();
        var dir = WriteBlock(
            [
                (LabelSet.FromStrings("__name__", "a_noisy", "job", "x"), noisy),
                (LabelSet.FromStrings("__name__", "b_counter", "job", "x"), counter),
            ],
            out var expected);

        var block = Block.Open(PhysicalFileSystem.Instance, dir);
        try
        {
            foreach (var (from, to) in new[] { (0, 999), (130, 380), (119, 120), (500, 500), (842, 999), (0, 0) })
            {
                var mint = 1_000_000 + (15_000L * from);
                var maxt = 1_000_000 + (15_000L * to);
                var want = expected.Where(l => InRange(l, mint, maxt)).ToList();

                Assert.Equal(want, Read(block, mint, maxt));
            }

            Assert.False(block.IsCorrupt);
        }
        finally
        {
            block.Release();
        }
    }

    private static bool InRange(string line, long mint, long maxt)
    {
        var t = long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        return t >= mint && t <= maxt;
    }

    [Fact]
    public void Open_OurBlock_RoundTripsEverySampleAndFiltersByRange()
    {
        var dir = WriteBlock(Series(), out var expected);

        var block = Block.Open(PhysicalFileSystem.Instance, dir);
        try
        {
            Assert.Equal(expected, Read(block, long.MinValue, long.MaxValue));
            Assert.Equal(3, block.SeriesCount);
            var some = Read(block, 1_000_000 + (15_000 * 10), 1_000_000 + (15_000 * 19));
            Assert.Equal(30, some.Count);
        }
        finally
        {
            block.Release();
        }
    }

    [Theory]
    [InlineData("chunks/000001", 40)]
    [InlineData("index", 70)]
    [InlineData("index", -20)]
    public void Open_FlippedByte_ThrowsInvalidData(string file, int offset)
    {
        var dir = WriteBlock(Series(), out _);
        var path = Path.Combine(dir, file);
        var bytes = File.ReadAllBytes(path);
        var at = offset >= 0 ? offset : bytes.Length + offset;
        bytes[at] ^= 0x5A;
        File.WriteAllBytes(path, bytes);

        Assert.Throws<InvalidDataException>(() => Block.Open(PhysicalFileSystem.Instance, dir));
    }

    private static List<(LabelSet Labels, List<(long T, double V)> Samples)> Series()
    {
        var result = new List<(LabelSet, List<(long, double)>)>();
        var names = new[] { "a", "b", "c" };
        for (var s = 0; s < 3; s++)
        {
            var samples = new List<(long, double)>();
            for (var k = 0; k < 1000; k++)
            {
                samples.Add((1_000_000 + (k * 15_000L), s == 1 ? k * 0.5 : (s * 100) + (k % 7)));
            }

            result.Add((LabelSet.FromStrings("__name__", "test_metric", "instance", names[s], "job", "j"), samples));
        }

        return result;
    }

    private static string Line(LabelSet labels, long t, double v) =>
        "{" + string.Join(", ", Enumerable.Range(0, labels.Count).Select(i => labels.NameAt(i) + "=\"" + labels.ValueAt(i) + "\"")) + "} " + v.ToString("R", CultureInfo.InvariantCulture) + " " + t.ToString(CultureInfo.InvariantCulture);

    private static List<string> Read(Block block, long mint, long maxt)
    {
        var into = new List<(LabelSet Labels, ChunkSnapshot[] Chunks)>();
        block.Select([Matcher.Create(MatcherType.Regex, "__name__", ".+")], mint, maxt, into);
        var lines = new List<string>();
        foreach (var (labels, chunks) in into)
        {
            var it = new SelectedSeries(labels, chunks, mint, maxt).GetIterator();
            while (it.MoveNext())
            {
                lines.Add(Line(labels, it.Timestamp, it.Value));
            }
        }

        return lines;
    }

    private string WriteBlock(List<(LabelSet Labels, List<(long T, double V)> Samples)> series, out List<string> expected)
    {
        expected = [];
        var symbols = series.SelectMany(s => Enumerable.Range(0, s.Labels.Count).SelectMany(i => new[] { s.Labels.NameAt(i), s.Labels.ValueAt(i) }));
        using var writer = new BlockWriter(PhysicalFileSystem.Instance, _root, _time, symbols);
        foreach (var (labels, samples) in series)
        {
            writer.StartSeries(labels);
            foreach (var (t, v) in samples)
            {
                writer.Add(t, v);
                expected.Add(Line(labels, t, v));
            }

            writer.EndSeries();
        }

        var meta = writer.Commit(1_000_000, 1_000_000 + (15_000 * 1000), 1, null);
        return Path.Combine(_root, meta.Ulid);
    }
}
