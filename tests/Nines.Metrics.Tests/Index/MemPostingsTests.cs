using Nines.Metrics.Index;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Tests.Index;

public sealed class MemPostingsTests
{
    // 1 up{job="a",instance="x"}  2 up{job="b"}  3 up{job="a",foo="bar"}  4 down{foo="baz"}  5 up{job="a\nb"}
    public static TheoryData<string, MatcherType, string, uint[]> Cases => new()
    {
        { "job", MatcherType.Equal, "a", [1, 3] },
        { "job", MatcherType.NotEqual, "a", [2, 4, 5] },
        { "foo", MatcherType.Equal, "", [1, 2, 5] },
        { "foo", MatcherType.NotEqual, "", [3, 4] },
        { "foo", MatcherType.Regex, "", [1, 2, 5] },
        { "foo", MatcherType.NotRegex, "", [3, 4] },
        { "foo", MatcherType.Regex, "bar|", [1, 2, 3, 5] },
        { "foo", MatcherType.NotRegex, "bar", [1, 2, 4, 5] },
        { "foo", MatcherType.Regex, "ba.*", [3, 4] },
        { "foo", MatcherType.Regex, "b.*r", [3] },
        { "foo", MatcherType.Regex, "ar", [] },
        { "foo", MatcherType.Regex, ".*", [1, 2, 3, 4, 5] },
        { "foo", MatcherType.Regex, ".+", [3, 4] },
        { "foo", MatcherType.NotRegex, ".+", [1, 2, 5] },
        { "job", MatcherType.Regex, "a|b", [1, 2, 3] },
        { "job", MatcherType.NotRegex, "a|b", [4, 5] },
        { "job", MatcherType.Regex, "A", [] },
        { "job", MatcherType.Regex, "a.b", [5] },
        { "job", MatcherType.Regex, "(?i)A", [1, 3] },
        { "nope", MatcherType.Equal, "x", [] },
        { "nope", MatcherType.NotEqual, "x", [1, 2, 3, 4, 5] },
        { "nope", MatcherType.Regex, "x.*", [] },
        { "__name__", MatcherType.Regex, "up|down", [1, 2, 3, 4, 5] },
        { "__name__", MatcherType.Regex, "do.*", [4] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Select_SingleMatcher_PrometheusSemantics(string name, MatcherType type, string value, uint[] expected)
    {
        using var sut = CreateSut();
        var matcher = Matcher.Create(type, name, value);

        Assert.Equal(expected, sut.Select([matcher]));

        // The index must agree with the matcher applied to each series directly.
        Assert.Equal(expected, Naive(matcher));
    }

    [Fact]
    public void Select_NameAndEmptyMatcher_Intersects()
    {
        using var sut = CreateSut();
        var result = sut.Select([Matcher.Create(MatcherType.Equal, "__name__", "up"), Matcher.Create(MatcherType.Equal, "foo", "")]);
        Assert.Equal([1u, 2, 5], result);
    }

    [Fact]
    public void Select_OnlyNegativeMatchers_StartsFromAllSeries()
    {
        using var sut = CreateSut();
        var result = sut.Select([Matcher.Create(MatcherType.NotEqual, "job", "a"), Matcher.Create(MatcherType.NotRegex, "foo", "baz")]);
        Assert.Equal([2u, 5], result);
    }

    [Fact]
    public void LabelNamesAndValues_Sorted()
    {
        using var sut = CreateSut();
        Assert.Equal(["__name__", "foo", "instance", "job"], sut.LabelNames());
        Assert.Equal(["a", "a\nb", "b"], sut.LabelValues("job"));
        Assert.Empty(sut.LabelValues("nope"));
    }

    [Fact]
    public void Create_InvalidRegex_ThrowsWithMatcherInMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => Matcher.Create(MatcherType.Regex, "job", "a("));
        Assert.Contains("job=~\"a(\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matcher_PathologicalRegex_CompletesInLinearTime()
    {
        // Catastrophic for a backtracking engine; NonBacktracking answers at once.
        var m = Matcher.Create(MatcherType.Regex, "x", "(a+)+b");
        Assert.False(m.Matches(new string('a', 5000)));
    }

    [Fact]
    public void Select_PrefixAndSetFastPaths_AgreeWithRegexScanOnRandomValues()
    {
        var random = new Random(3);
        using var sut = new MemPostings();
        var values = new string[2000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = "v" + random.Next(500).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
            sut.Add((uint)(i + 1), LabelSet.FromStrings("k", values[i]));
        }

        foreach (var pattern in new[] { "v1.*", "v1f|v2|v30", "v.*", "w.*" })
        {
            var fast = Matcher.Create(MatcherType.Regex, "k", pattern);
            var slow = Matcher.Create(MatcherType.Regex, "k", "(?:" + pattern + ")"); // parentheses defeat the fast paths
            Assert.True(fast.LiteralSet is not null || fast.Prefix is not null);
            Assert.True(slow.LiteralSet is null && slow.Prefix is null);
            Assert.Equal(sut.Select([slow]), sut.Select([fast]));
            Assert.Equal(sut.Select([Matcher.Create(MatcherType.NotRegex, "k", "(?:" + pattern + ")")]), sut.Select([Matcher.Create(MatcherType.NotRegex, "k", pattern)]));
        }
    }

    private static readonly LabelSet[] Series =
    [
        LabelSet.FromStrings("__name__", "up", "job", "a", "instance", "x"),
        LabelSet.FromStrings("__name__", "up", "job", "b"),
        LabelSet.FromStrings("__name__", "up", "job", "a", "foo", "bar"),
        LabelSet.FromStrings("__name__", "down", "foo", "baz"),
        LabelSet.FromStrings("__name__", "up", "job", "a\nb"),
    ];

    private static MemPostings CreateSut()
    {
        var sut = new MemPostings();
        for (var i = 0; i < Series.Length; i++)
        {
            sut.Add((uint)(i + 1), Series[i]);
        }

        return sut;
    }

    private static uint[] Naive(Matcher m)
    {
        var result = new List<uint>();
        for (var i = 0; i < Series.Length; i++)
        {
            if (m.Matches(Series[i].Get(m.Name)))
            {
                result.Add((uint)(i + 1));
            }
        }

        return [.. result];
    }
}
