using System.Text;
using Nines.Ingest.Scrape;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Tests.Scrape;

public class ExpositionParserTests
{
    internal sealed record Parsed(string Series, double Value, long? Timestamp, string? Exemplar);

    [Fact]
    public void Next_TextFormatWithMetadataEscapesAndTimestamps_YieldsEverySample()
    {
        const string text = """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027 1395066363000
            http_requests_total{method="post",code="400"}    3 1395066363000

            # Escaping in label values:
            msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9
            metric_without_timestamp_and_labels 12.47
            something_weird{problem="division by zero"} +Inf -3982045
              # A histogram
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05",} 24054
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            nan_value NaN
            """;

        var parsed = ParseAll(text, ExpositionFormat.PrometheusText);

        Assert.Equal(
            [
                new("http_requests_total{code=\"200\",method=\"post\"}", 1027, 1395066363000, null),
                new("http_requests_total{code=\"400\",method=\"post\"}", 3, 1395066363000, null),
                new("msdos_file_access_time_seconds{error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\",path=\"C:\\\\DIR\\\\FILE.TXT\"}", 1.458255915e9, null, null),
                new("metric_without_timestamp_and_labels", 12.47, null, null),
                new("something_weird{problem=\"division by zero\"}", double.PositiveInfinity, -3982045, null),
                new("http_request_duration_seconds_bucket{le=\"0.05\"}", 24054, null, null),
                new("http_request_duration_seconds_bucket{le=\"+Inf\"}", 144320, null, null),
                new("http_request_duration_seconds_sum", 53423, null, null),
                new("nan_value", double.NaN, null, null),
            ],
            parsed);
    }

    [Fact]
    public void Next_NaNSample_StoresPrometheusNormalNaNBits()
    {
        var parser = new ExpositionParser("a NaN\n"u8, ExpositionFormat.PrometheusText);
        Assert.Equal(ExpositionEntry.Series, parser.Next());
        Assert.Equal(0x7ff8000000000001UL, BitConverter.DoubleToUInt64Bits(parser.Value));
    }

    [Fact]
    public void Next_Metadata_ReportsHelpTypeAndUnit()
    {
        var body = "# HELP foo_seconds Time \\\\ spent\\n here.\n# TYPE foo_seconds gauge\n# UNIT foo_seconds seconds\nfoo_seconds 1\n# EOF\n"u8;
        var parser = new ExpositionParser(body, ExpositionFormat.OpenMetrics);
        Assert.Equal(ExpositionEntry.Help, parser.Next());
        Assert.Equal("foo_seconds", Encoding.UTF8.GetString(parser.MetricName));
        Assert.Equal("Time \\ spent\n here.", parser.HelpText());
        Assert.Equal(ExpositionEntry.Type, parser.Next());
        Assert.Equal(ExpositionMetricType.Gauge, parser.Type);
        Assert.Equal(ExpositionEntry.Unit, parser.Next());
        Assert.Equal("seconds", Encoding.UTF8.GetString(parser.RawText));
        Assert.Equal(ExpositionEntry.Series, parser.Next());
        Assert.Equal(ExpositionEntry.End, parser.Next());
    }

    [Fact]
    public void Next_OpenMetricsWithExemplarsAndCreated_KeepsCreatedAsSeriesAndSecondsTimestamps()
    {
        const string text = """
            # TYPE hhh histogram
            hhh_bucket{le="+Inf"} 1 # {id="histogram-bucket-test"} 4
            hhh_count 1 # {id="histogram-count-test"} 4 123.123
            # TYPE foo counter
            foo_total 17.0 1520879607.789 # {id="counter-test"} 5
            foo_created 1520430000.123
            # TYPE go_goroutines gauge
            go_goroutines 33 123.123
            # EOF
            """;

        var parsed = ParseAll(text, ExpositionFormat.OpenMetrics);

        Assert.Equal(
            [
                new("hhh_bucket{le=\"+Inf\"}", 1, null, "{id=\"histogram-bucket-test\"} 4"),
                new("hhh_count", 1, null, "{id=\"histogram-count-test\"} 4 @123123"),
                new("foo_total", 17, 1520879607789, "{id=\"counter-test\"} 5"),
                new("foo_created", 1520430000.123, null, null),
                new("go_goroutines", 33, 123123, null),
            ],
            parsed);
    }

    [Theory]
    [InlineData("a 1\n", 1, 4, "does not end with # EOF")]
    [InlineData("a 1\n# EOF\nb 2\n", 3, 1, "unexpected data after # EOF")]
    [InlineData("a  1\n# EOF\n", 1, 3, "not a number")]
    [InlineData("# comment\n# EOF\n", 1, 1, "OpenMetrics has no free comments")]
    [InlineData("# TYPE a sideways\n# EOF\n", 1, 10, "invalid metric type 'sideways'")]
    [InlineData("# UNIT a_bytes seconds\n# EOF\n", 1, 16, "not a suffix")]
    [InlineData("a 1\n\n# EOF\n", 2, 1, "empty line")]
    [InlineData("a 1 # {x=\"y\"}\n# EOF\n", 1, 14, "exemplar value")]
    public void Next_BadOpenMetrics_ThrowsWithLineAndColumn(string body, int line, int column, string reason)
    {
        var ex = Assert.Throws<ExpositionFormatException>(() => ParseAll(body, ExpositionFormat.OpenMetrics));
        Assert.Equal((line, column), (ex.Line, ex.Column));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a{b=\"c\" 1\n", 1, 9, "expected ',' or '}'")]
    [InlineData("a{b=\"c} 1\n", 1, 10, "unterminated")]
    [InlineData("ok 1\n1a 1\n", 2, 1, "expected a metric name")]
    [InlineData("a 12x\n", 1, 3, "'12x' is not a number")]
    [InlineData("a 1 1.5\n", 1, 5, "not a whole number of milliseconds")]
    [InlineData("a 1e999\n", 1, 3, "not a number")]
    [InlineData("a 0x1p3\n", 1, 3, "not a number")]
    [InlineData("a\n", 1, 2, "expected a space and the value")]
    [InlineData("# TYPE a\n", 1, 9, "invalid metric type")]
    [InlineData("a{=\"b\"} 1\n", 1, 3, "expected a label name")]
    [InlineData("a 1 2 3\n", 1, 7, "expected the end of the line")]
    public void Next_BadText_ThrowsWithLineAndColumn(string body, int line, int column, string reason)
    {
        var ex = Assert.Throws<ExpositionFormatException>(() => ParseAll(body, ExpositionFormat.PrometheusText));
        Assert.Equal((line, column), (ex.Line, ex.Column));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a Inf", double.PositiveInfinity)]
    [InlineData("a -inf", double.NegativeInfinity)]
    [InlineData("a +Infinity", double.PositiveInfinity)]
    [InlineData("a .5", 0.5)]
    [InlineData("a -1.5e-3", -0.0015)]
    [InlineData("a 1E3", 1000)]
    public void Next_GoNumberForms_ParseAsPrometheusDoes(string line, double expected)
    {
        var parsed = ParseAll(line + "\n", ExpositionFormat.PrometheusText);
        Assert.Equal(expected, Assert.Single(parsed).Value);
    }

    [Fact]
    public void ReadLabels_InvalidUtf8Value_Throws()
    {
        var body = new byte[] { (byte)'a', (byte)'{', (byte)'b', (byte)'=', (byte)'"', 0xff, (byte)'"', (byte)'}', (byte)' ', (byte)'1', (byte)'\n' };
        var ex = Assert.Throws<ExpositionFormatException>(() =>
        {
            var parser = new ExpositionParser(body, ExpositionFormat.PrometheusText);
            parser.Next();
            parser.ReadLabels(new LabelInterner(), []);
        });
        Assert.Contains("not valid UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabels_SameSeriesTwice_ReturnsTheSameStringInstances()
    {
        var interner = new LabelInterner();
        var first = new List<Label>();
        var second = new List<Label>();
        var parser = new ExpositionParser("m{job=\"api\"} 1\nm{job=\"api\"} 2\n"u8, ExpositionFormat.PrometheusText);
        parser.Next();
        parser.ReadLabels(interner, first);
        parser.Next();
        parser.ReadLabels(interner, second);
        Assert.Same(first[1].Value, second[1].Value);
    }

    [Fact]
    public void Next_RandomTruncationsAndMutations_NeverCrashOrHang()
    {
        var seed = Encoding.UTF8.GetBytes("""
            # HELP foo_seconds Help \\ with \n escapes.
            # TYPE foo_seconds histogram
            # UNIT foo_seconds seconds
            foo_seconds_bucket{le="0.1",path="/a\"b"} 3 1520879607.789 # {trace_id="abc"} 0.05 1520879607.7
            foo_seconds_bucket{le="+Inf",path="/a\"b"} 7
            foo_seconds_count 7
            foo_seconds_created 1520430000.123
            # EOF

            """);
        var random = new Random(1234);
        var interner = new LabelInterner();
        var labels = new List<Label>();
        for (var round = 0; round < 20_000; round++)
        {
            var body = seed.AsSpan(0, random.Next(seed.Length + 1)).ToArray();
            var mutations = random.Next(4);
            for (var m = 0; m < mutations && body.Length > 0; m++)
            {
                body[random.Next(body.Length)] = (byte)random.Next(256);
            }

            foreach (var format in new[] { ExpositionFormat.OpenMetrics, ExpositionFormat.PrometheusText })
            {
                try
                {
                    var parser = new ExpositionParser(body, format);
                    var entries = 0;
                    while (parser.Next() != ExpositionEntry.End)
                    {
                        labels.Clear();
                        if (++entries > body.Length + 1)
                        {
                            Assert.Fail("the parser returned more entries than there are lines");
                        }

                        parser.ReadLabels(interner, labels);
                        parser.ReadExemplarLabels(interner, labels);
                    }
                }
                catch (ExpositionFormatException)
                {
                    // Expected for most mutations; anything else fails the test.
                }
            }
        }
    }

    private static List<Parsed> ParseAll(string text, ExpositionFormat format)
    {
        var bytes = Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\n") + (text.EndsWith('\n') ? "" : "\n"));
        var parser = new ExpositionParser(bytes, format);
        var interner = new LabelInterner();
        var result = new List<Parsed>();
        while (true)
        {
            var entry = parser.Next();
            if (entry == ExpositionEntry.End)
            {
                return result;
            }

            if (entry != ExpositionEntry.Series)
            {
                continue;
            }

            var labels = new List<Label>();
            parser.ReadLabels(interner, labels);
            string? exemplar = null;
            if (parser.HasExemplar)
            {
                var ex = new List<Label>();
                parser.ReadExemplarLabels(interner, ex);
                exemplar = Format("", ex) + FormattableString.Invariant($" {parser.ExemplarValue}") +
                    (parser.ExemplarHasTimestamp ? FormattableString.Invariant($" @{parser.ExemplarTimestamp}") : "");
            }

            result.Add(new Parsed(Format(labels[0].Value, labels.Skip(1)), parser.Value, parser.HasTimestamp ? parser.Timestamp : null, exemplar));
        }
    }

    // name{a="b",c="d"} with labels sorted and values escaped as in the text format.
    private static string Format(string name, IEnumerable<Label> labels)
    {
        var sorted = labels.OrderBy(l => l.Name, StringComparer.Ordinal).ToList();
        if (sorted.Count == 0)
        {
            return name;
        }

        var parts = sorted.Select(l => l.Name + "=\"" + l.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"");
        return name + "{" + string.Join(",", parts) + "}";
    }
}
