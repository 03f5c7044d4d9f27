namespace Nines.Compat.Tests;

/// <summary>
/// The comparison of native histogram samples, on answers shaped as Prometheus 2.42 renders them
/// (taken from its answer to <c>nhist_request_duration_seconds</c>, shortened).
/// </summary>
public sealed class ResultComparerHistogramTests
{
    private const string Labels = """{"__name__":"h","instance":"host-a:9100","job":"api"}""";

    [Fact]
    public void Compare_SameHistograms_Match()
    {
        var body = Vector(Histogram("1350", "113.2377072677156", Bucket(0, "0.0009765625", "0.0010649489576809157", "21"), Bucket(3, "-0.001", "0.001", "4")));

        Assert.Null(ResultComparer.Compare(Parse(body), Parse(body)));
    }

    [Fact]
    public void Compare_CountWithinTolerance_Match()
    {
        var reference = Parse(Vector(Histogram("1350", "113.2377072677156", Bucket(0, "1", "2", "21"))));
        var nines = Parse(Vector(Histogram("1350.0000001", "113.2377072677156", Bucket(0, "1", "2", "21.000000001"))));

        Assert.Null(ResultComparer.Compare(reference, nines));
    }

    [Fact]
    public void Compare_HistogramMissingInNines_NamesTheSeries()
    {
        var reference = Parse(Vector(Histogram("1350", "113.2", Bucket(0, "1", "2", "21"))));
        var nines = Parse("""{"status":"success","data":{"resultType":"vector","result":[]}}""");

        Assert.Equal(
            """series differ: 1 in Prometheus, 0 in Nines; missing in Nines: {__name__="h", instance="host-a:9100", job="api"}""",
            ResultComparer.Compare(reference, nines));
    }

    [Fact]
    public void Compare_FloatInsteadOfHistogram_Differs()
    {
        var reference = Parse(Vector(Histogram("1350", "113.2", Bucket(0, "1", "2", "21"))));
        var nines = Parse("""{"status":"success","data":{"resultType":"vector","result":[{"metric":""" + Labels + ""","value":[1795664515,"0"]}]}}""");

        Assert.Equal(
            """{__name__="h", instance="host-a:9100", job="api"}: 0 points in Prometheus, 1 in Nines (first difference at Nines 1795664515)""",
            ResultComparer.Compare(reference, nines));
    }

    [Fact]
    public void Compare_BucketCountDiffers_NamesTheBucket()
    {
        var reference = Parse(Vector(Histogram("25", "3.5", Bucket(0, "1", "2", "21"), Bucket(0, "2", "4", "4"))));
        var nines = Parse(Vector(Histogram("25", "3.5", Bucket(0, "1", "2", "21"), Bucket(0, "2", "4", "5"))));

        Assert.Equal(
            """{__name__="h", instance="host-a:9100", job="api"} @1795664515: histogram bucket 1 (2,4]:4 vs (2,4]:5 (Prometheus {count=25, sum=3.5, 2 buckets}, Nines {count=25, sum=3.5, 2 buckets})""",
            ResultComparer.Compare(reference, nines));
    }

    [Fact]
    public void Compare_ZeroBucketBoundsDiffer_Differs()
    {
        // The zero bucket is closed on both sides (3); reporting it half-open (0) is a different bucket.
        var reference = Parse(Vector(Histogram("4", "0", Bucket(3, "-0.001", "0.001", "4"))));
        var nines = Parse(Vector(Histogram("4", "0", Bucket(0, "-0.001", "0.001", "4"))));

        Assert.Equal(
            """{__name__="h", instance="host-a:9100", job="api"} @1795664515: histogram bucket 0 [-0.001,0.001]:4 vs (-0.001,0.001]:4 (Prometheus {count=4, sum=0, 1 buckets}, Nines {count=4, sum=0, 1 buckets})""",
            ResultComparer.Compare(reference, nines));
    }

    [Fact]
    public void Compare_MatrixWithFloatsAndHistograms_ComparesBoth()
    {
        // A range answer's series can hold both: "values" then "histograms".
        var h = Histogram("12", "95.5", Bucket(0, "0.5", "0.59", "12"));
        var reference = Parse(Matrix("\"values\":[[1795664500,\"3\"]],\"histograms\":[[1795664505," + h + "],[1795664510," + h + "]]"));
        var nines = Parse(Matrix("\"values\":[[1795664500,\"3\"]],\"histograms\":[[1795664505," + h + "]]"));

        Assert.Null(ResultComparer.Compare(reference, reference));
        Assert.Equal(
            """{__name__="h", instance="host-a:9100", job="api"}: 2 histogram points in Prometheus, 1 in Nines (first: Prometheus 1795664510)""",
            ResultComparer.Compare(reference, nines));
    }

    private static RangeAnswer Parse(string body) => RangeAnswer.Parse(200, body);

    private static string Vector(string histogram) =>
        """{"status":"success","data":{"resultType":"vector","result":[{"metric":""" + Labels + ""","histogram":[1795664515,""" + histogram + "]}]}}";

    private static string Matrix(string points) =>
        """{"status":"success","data":{"resultType":"matrix","result":[{"metric":""" + Labels + "," + points + "}]}}";

    private static string Histogram(string count, string sum, params string[] buckets) =>
        $$"""{"count":"{{count}}","sum":"{{sum}}","buckets":[""" + string.Join(",", buckets) + "]}";

    private static string Bucket(int boundaries, string lower, string upper, string count) => $"""[{boundaries},"{lower}","{upper}","{count}"]""";
}
