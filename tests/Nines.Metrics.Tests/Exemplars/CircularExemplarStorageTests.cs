using Nines.Metrics.Exemplars;
using Nines.Metrics.Index;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Tests.Exemplars;

public sealed class CircularExemplarStorageTests
{
    private static readonly LabelSet SeriesA = LabelSet.FromStrings("__name__", "req_bucket", "le", "0.5");
    private static readonly LabelSet SeriesB = LabelSet.FromStrings("__name__", "req_bucket", "le", "1");

    private static readonly IReadOnlyList<IReadOnlyList<Matcher>> AllReq = [[Matcher.Create(MatcherType.Equal, "__name__", "req_bucket")]];

    private static CircularExemplarStorage CreateSut(int capacity = 5) => new(capacity);

    private static Exemplar Ex(string trace, double value, long t) => new(LabelSet.FromStrings("trace_id", trace), value, t);

    [Fact]
    public void Add_SameExemplarTwice_SecondIsDuplicateAndStoredOnce()
    {
        var sut = CreateSut();
        Assert.Equal(ExemplarAddResult.Ok, sut.Add(1, SeriesA, Ex("a", 0.3, 1000)));
        Assert.Equal(ExemplarAddResult.Duplicate, sut.Add(1, SeriesA, Ex("a", 0.3, 1000)));

        var series = Assert.Single(sut.Select(0, 2000, AllReq));
        Assert.Single(series.Exemplars);
        Assert.Equal(1, sut.Count);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(999)]
    public void Add_NotNewerThanSeriesNewest_OutOfOrderAndNotStored(long t)
    {
        var sut = CreateSut();
        sut.Add(1, SeriesA, Ex("a", 0.3, 1000));

        Assert.Equal(ExemplarAddResult.OutOfOrder, sut.Add(1, SeriesA, Ex("b", 0.4, t)));
        Assert.Equal(ExemplarAddResult.Ok, sut.Add(2, SeriesB, Ex("b", 0.4, t)));
        Assert.Equal(2, sut.Count);
    }

    [Fact]
    public void Add_RingFull_OldestExemplarsOverwrittenAcrossSeries()
    {
        var sut = CreateSut(capacity: 3);
        sut.Add(1, SeriesA, Ex("a1", 1, 1));
        sut.Add(2, SeriesB, Ex("b1", 1, 2));
        sut.Add(1, SeriesA, Ex("a2", 1, 3));
        sut.Add(1, SeriesA, Ex("a3", 1, 4));
        sut.Add(1, SeriesA, Ex("a4", 1, 5));

        // a1 and b1 made room: B has no exemplar left and is gone from the index.
        var only = Assert.Single(sut.Select(0, 10, AllReq));
        Assert.Equal(SeriesA, only.SeriesLabels);
        Assert.Equal(["a2", "a3", "a4"], only.Exemplars.Select(e => e.Labels.Get("trace_id")));
        Assert.Equal(1, sut.SeriesCount);
        Assert.Equal(3, sut.Count);
    }

    [Fact]
    public void Select_RangeAndMatchers_OnlyExemplarsInsideOrderedBySeriesLabels()
    {
        var sut = CreateSut(capacity: 100);
        sut.Add(2, SeriesB, Ex("b1", 2, 100));
        sut.Add(1, SeriesA, Ex("a1", 1, 100));
        sut.Add(1, SeriesA, Ex("a2", 1, 200));
        sut.Add(1, SeriesA, Ex("a3", 1, 300));

        var found = sut.Select(100, 200, AllReq);

        Assert.Equal([SeriesA, SeriesB], found.Select(s => s.SeriesLabels));
        Assert.Equal([100L, 200L], found[0].Exemplars.Select(e => e.Timestamp));
        Assert.Empty(sut.Select(0, 1000, [[Matcher.Create(MatcherType.Equal, "le", "2")]]));
        Assert.Empty(sut.Select(0, 1000, []));
        Assert.Single(sut.Select(0, 1000, [[Matcher.Create(MatcherType.Equal, "le", "2")], [Matcher.Create(MatcherType.Regex, "le", "0\\..*")]]));
    }

    [Fact]
    public void Select_SameLabelsUnderTwoSeriesIds_OneSeriesInTimeOrder()
    {
        // A series truncated out of the head comes back under a new id.
        var sut = CreateSut(capacity: 10);
        sut.Add(1, SeriesA, Ex("old", 1, 100));
        sut.Add(7, SeriesA, Ex("new", 1, 50));

        var series = Assert.Single(sut.Select(0, 1000, AllReq));
        Assert.Equal(["new", "old"], series.Exemplars.Select(e => e.Labels.Get("trace_id")));
    }

    [Fact]
    public void Add_LabelsOver128Characters_Refused()
    {
        var sut = CreateSut();
        var fits = new Exemplar(LabelSet.FromStrings("trace_id", new string('a', 120)), 1, 1);
        var tooLong = new Exemplar(LabelSet.FromStrings("trace_id", new string('a', 121)), 1, 2);

        Assert.Equal(ExemplarAddResult.Ok, sut.Add(1, SeriesA, fits));
        Assert.Equal(ExemplarAddResult.LabelsTooLong, sut.Add(1, SeriesA, tooLong));
    }

    [Fact]
    public void Add_CapacityZero_Disabled()
    {
        var sut = CreateSut(capacity: 0);
        Assert.Equal(ExemplarAddResult.Disabled, sut.Add(1, SeriesA, Ex("a", 1, 1)));
        Assert.Empty(sut.Select(0, 10, AllReq));
    }
}
