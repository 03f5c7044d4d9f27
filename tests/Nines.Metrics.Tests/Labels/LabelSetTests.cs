using System.Text;
using Nines.Metrics.Labels;

namespace Nines.Metrics.Tests.Labels;

public sealed class LabelSetTests
{
    [Fact]
    public void Build_UnsortedInput_SortsByName()
    {
        var labels = new LabelSetBuilder().Add("job", "api").Add("__name__", "up").Add("instance", "x:9").Build();

        Assert.Equal(3, labels.Count);
        Assert.Equal("__name__", labels.NameAt(0));
        Assert.Equal("instance", labels.NameAt(1));
        Assert.Equal("job", labels.NameAt(2));
        Assert.Equal("up", labels.MetricName);
    }

    [Fact]
    public void Build_DuplicateName_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => LabelSet.FromStrings("job", "a", "job", "b"));
        Assert.Contains("'job' appears more than once", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1abc")]
    [InlineData("a-b")]
    [InlineData("a:b")]
    [InlineData("")]
    [InlineData("é")]
    public void Build_InvalidLabelName_Throws(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => LabelSet.FromStrings(name, "v"));
        Assert.Contains("Label name", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http:requests_total", true)]
    [InlineData(":rule", true)]
    [InlineData("_x9", true)]
    [InlineData("9x", false)]
    [InlineData("a-b", false)]
    public void Build_MetricName_ValidatedWithColonAllowed(string name, bool valid)
    {
        if (valid)
        {
            Assert.Equal(name, LabelSet.FromStrings("__name__", name).MetricName);
        }
        else
        {
            var ex = Assert.Throws<ArgumentException>(() => LabelSet.FromStrings("__name__", name));
            Assert.Contains("Metric name", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Build_EmptyValue_LabelDropped()
    {
        var labels = LabelSet.FromStrings("__name__", "up", "job", string.Empty);

        Assert.Equal(1, labels.Count);
        Assert.False(labels.Has("job"));
        Assert.Equal(string.Empty, labels.Get("job"));
    }

    [Fact]
    public void Build_LoneSurrogate_Throws()
    {
        Assert.Throws<ArgumentException>(() => LabelSet.FromStrings("job", "a\uD800b"));
    }

    [Fact]
    public void AddUtf8_InvalidUtf8_Throws()
    {
        var builder = new LabelSetBuilder();
        var ex = Assert.Throws<ArgumentException>(() => builder.AddUtf8("job"u8, [0x61, 0xC3, 0x28]));
        Assert.Contains("not valid UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddUtf8_ValidUtf8_Decoded()
    {
        var labels = new LabelSetBuilder().AddUtf8("city"u8, Encoding.UTF8.GetBytes("Zürich")).Build();
        Assert.Equal("Zürich", labels.Get("city"));
    }

    [Fact]
    public void Equals_SameLabelsDifferentOrder_EqualWithSameHash()
    {
        var a = LabelSet.FromStrings("a", "1", "b", "2");
        var b = LabelSet.FromStrings("b", "2", "a", "1");

        Assert.Equal(a, b);
        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(0, a.CompareTo(b));
    }

    [Fact]
    public void Hash_NameValueBoundary_Distinguished()
    {
        // The 0xFF separator keeps {a="bc"} and {ab="c"} apart.
        var a = LabelSet.FromStrings("a", "bc");
        var b = LabelSet.FromStrings("ab", "c");
        Assert.NotEqual(a.Hash, b.Hash);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void ToString_WithEscapes_PrometheusForm()
    {
        var labels = LabelSet.FromStrings("__name__", "up", "path", "C:\\x", "msg", "say \"hi\"\nbye");
        Assert.Equal("up{msg=\"say \\\"hi\\\"\\nbye\", path=\"C:\\\\x\"}", labels.ToString());
    }

    [Fact]
    public void ToString_NameOnlyAndNoName_Formatted()
    {
        Assert.Equal("up", LabelSet.FromStrings("__name__", "up").ToString());
        Assert.Equal("{job=\"a\"}", LabelSet.FromStrings("job", "a").ToString());
        Assert.Equal("{}", LabelSet.Empty.ToString());
    }

    [Fact]
    public void GetEnumerator_Labels_InNameOrder()
    {
        var names = new List<string>();
        foreach (var label in LabelSet.FromStrings("z", "1", "a", "2", "m", "3"))
        {
            names.Add(label.Name);
        }

        Assert.Equal(["a", "m", "z"], names);
    }
}
