namespace Nines.Query.Tests.Parser;

/// <summary>PromQlEngine.Format compared with what Prometheus 2.42's /api/v1/format_query returned for the same query.</summary>
public sealed class FormatTests
{
    [Theory]
    [InlineData("foo + 1000000", "foo + 1e+06")]
    [InlineData("1e-5 + 0.0001 + 1e21 + 123456789012345678901", "1e-05 + 0.0001 + 1e+21 + 1.2345678901234568e+20")]
    [InlineData("sum by (a) (rate(foo{b=\"c\",a=~\"x\"}[5m] offset 1m))", "sum by (a) (rate(foo{a=~\"x\",b=\"c\"}[5m] offset 1m))")]
    [InlineData("foo @ 100 offset 5m", "foo @ 100.000 offset 5m")]
    [InlineData("foo[5m:] @ start()", "foo[5m:] @ start()")]
    [InlineData("-(1)", "-(1)")]
    [InlineData("- 1", "-1")]
    [InlineData("+1", "1")]
    [InlineData("-foo", "-foo")]
    [InlineData("'a'", "\"a\"")]
    [InlineData("foo * on() group_left bar", "foo * on () group_left () bar")]
    [InlineData("foo * ignoring() group_left bar", "foo * bar")]
    [InlineData("sum without () (x)", "sum without () (x)")]
    [InlineData("sum by () (x)", "sum(x)")]
    [InlineData("sum(rate(http_requests_total_aaaaaaaaaaaaaaaaaaaaaaaaaaa{job=\"aaaaaaaaaaaaaaaaaaaaaaaa\"}[5m])) by (job) / on(job) group_left(instance) sum(rate(http_requests_total_bbbbbbbbb[5m])) by (job)", "  sum by (job) (\n    rate(http_requests_total_aaaaaaaaaaaaaaaaaaaaaaaaaaa{job=\"aaaaaaaaaaaaaaaaaaaaaaaa\"}[5m])\n  )\n/ on (job) group_left (instance)\n  sum by (job) (rate(http_requests_total_bbbbbbbbb[5m]))")]
    [InlineData("max_over_time(rate(http_requests_total_aaaaaaaaaaaaaaaaaaaaaaaaaaa{job=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}[5m])[1h:1m])", "max_over_time(\n  rate(\n    http_requests_total_aaaaaaaaaaaaaaaaaaaaaaaaaaa{job=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}[5m]\n  )[1h:1m]\n)")]
    [InlineData("topk(5, -sum(rate(http_requests_total_aaaaaaaaaaaaaaaaaaaaaaaaaaa{job=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}[5m])))", "topk(\n  5,\n  -sum(\n    rate(\n      http_requests_total_aaaaaaaaaaaaaaaaaaaaaaaaaaa{job=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}[5m]\n    )\n  )\n)")]
    [InlineData("0x1F + Inf + -nan", "31 + +Inf + NaN")]
    [InlineData("foo offset 1h30m", "foo offset 1h30m")]
    [InlineData("foo[90d] offset 2w", "foo[90d] offset 2w")]
    [InlineData("foo offset -5m", "foo offset -5m")]
    [InlineData("010 + 1234567 + 123456 + 0.000012 + 1.5e-7 + 5.", "8 + 1.234567e+06 + 123456 + 1.2e-05 + 1.5e-07 + 5")]
    [InlineData("a:b:c{x!~\"y|z\", w!=\"\\n\"}", "a:b:c{w!=\"\\n\",x!~\"y|z\"}")]
    [InlineData("{__name__=\"foo\", a=\"b\"}", "{__name__=\"foo\",a=\"b\"}")]
    [InlineData("{__name__=~\"foo.*\"}", "{__name__=~\"foo.*\"}")]
    [InlineData("foo and bar or baz unless qux", "foo and bar or baz unless qux")]
    [InlineData("2 ^ 3 ^ 2", "2 ^ 3 ^ 2")]
    [InlineData("(1 + 2) * 3", "(1 + 2) * 3")]
    [InlineData("1 + 2 * 3", "1 + 2 * 3")]
    [InlineData("sum(foo) without (instance, job)", "sum without (instance, job) (foo)")]
    [InlineData("count_values(\"val\", foo)", "count_values(\"val\", foo)")]
    [InlineData("quantile(0.9, rate(foo[1m]))", "quantile(0.9, rate(foo[1m]))")]
    [InlineData("foo > bool 1", "foo > bool 1")]
    [InlineData("foo == bool on(a, b) group_right(c) bar", "foo == bool on (a, b) group_right (c) bar")]
    [InlineData("label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")", "label_replace(up, \"a\", \"$1\", \"b\", \"(.*)\")")]
    [InlineData("foo # comment", "foo")]
    [InlineData("SUM(Foo) BY (a)", "sum by (a) (Foo)")]
    [InlineData("foo @ 1609746000.123", "foo @ 1609746000.123")]
    [InlineData("foo[5m] @ end() offset 1m", "foo[5m] @ end() offset 1m")]
    [InlineData("rate(foo[5m:30s] offset 1h)", "rate(foo[5m:30s] offset 1h)")]
    [InlineData("(sum(rate(http_requests_total_aaaaaaaaaaaaaaaaaaaaaaaaaaa{job=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}[5m])))", "(\n  sum(\n    rate(\n      http_requests_total_aaaaaaaaaaaaaaaaaaaaaaaaaaa{job=\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}[5m]\n    )\n  )\n)")]
    [InlineData("\"a\\\"b\" ", "\"a\\\"b\"")]
    [InlineData("`raw\\n`", "\"raw\\\\n\"")]
    [InlineData("histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket_long_name_here{job=\"api-server\", handler=\"/x\"}[5m])))", "histogram_quantile(\n  0.99,\n  sum by (le) (\n    rate(http_request_duration_seconds_bucket_long_name_here{handler=\"/x\",job=\"api-server\"}[5m])\n  )\n)")]
    public void Format_Query_MatchesPrometheusFormatQuery(string query, string expected)
    {
        Assert.Equal(expected, PromQlEngine.Format(query));
    }

    [Fact]
    public void ParseSelector_NameAndMatchers_ReturnsAllMatchersWithName()
    {
        var matchers = PromQlEngine.ParseSelector("up{job=~\"a|b\", instance!=\"x\"}");

        Assert.Equal(3, matchers.Count);
        Assert.Contains(matchers, m => m.Name == "__name__" && m.Value == "up");
        Assert.Contains(matchers, m => m.Name == "job" && m.Type == Nines.Metrics.Index.MatcherType.Regex && m.Value == "a|b");
        Assert.Contains(matchers, m => m.Name == "instance" && m.Type == Nines.Metrics.Index.MatcherType.NotEqual);
    }

    // Messages from Prometheus 2.42's /api/v1/series?match[]=… (after "invalid parameter \"match[]\": ").
    [Theory]
    [InlineData("rate(up[5m])", "1:5: parse error: unexpected \"(\"")]
    [InlineData("up offset 5m", "1:4: parse error: unexpected <offset>")]
    [InlineData("up[5m]", "1:3: parse error: unexpected \"[\"")]
    [InlineData("up + 1", "1:4: parse error: unexpected <op:+>")]
    [InlineData("1", "1:1: parse error: unexpected number \"1\"")]
    public void ParseSelector_NotASelector_FailsWithPrometheusMessage(string selector, string expected)
    {
        var ex = Assert.Throws<QueryException>(() => PromQlEngine.ParseSelector(selector));

        Assert.Equal(QueryErrorType.BadData, ex.Type);
        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void ParseSelector_OnlyEmptyMatchers_ParsesForTheApiToReject()
    {
        var matchers = PromQlEngine.ParseSelector("{a=\"\"}");

        Assert.Single(matchers);
    }
}
