using Nines.Ingest.Otlp;

namespace Nines.Ingest.Tests.Otlp;

public sealed class OtlpNamesTests
{
    // Cases from the OpenTelemetry Prometheus compatibility spec and Prometheus' otlptranslator tests.
    [Theory]
    [InlineData("system.filesystem.usage", "By", "gauge", "system_filesystem_usage_bytes")]
    [InlineData("system.io", "By", "counter", "system_io_bytes_total")]
    [InlineData("http.server.duration", "ms", "histogram", "http_server_duration_milliseconds")]
    [InlineData("http.server.request.duration", "s", "histogram", "http_server_request_duration_seconds")]
    [InlineData("system.network.dropped", "{packets}", "counter", "system_network_dropped_total")]
    [InlineData("system.cpu.utilization", "1", "gauge", "system_cpu_utilization_ratio")]
    [InlineData("requests", "1", "counter", "requests_total")]
    [InlineData("speed", "m/s", "gauge", "speed_meters_per_second")]
    [InlineData("throughput", "By/s", "gauge", "throughput_bytes_per_second")]
    [InlineData("rate", "{requests}/s", "gauge", "rate_per_second")]
    [InlineData("foo", "s/", "gauge", "foo_seconds")]
    [InlineData("foo_seconds", "s", "gauge", "foo_seconds")]
    [InlineData("foo.total", "", "counter", "foo_total")]
    [InlineData("foo_total_bar", "", "counter", "foo_bar_total")]
    [InlineData("memory.usage", "KiBy", "gauge", "memory_usage_kibibytes")]
    [InlineData("temperature", "Cel", "gauge", "temperature_celsius")]
    [InlineData("load", "Rps", "gauge", "load_Rps")]
    [InlineData("2xx.responses", "", "counter", "_2xx_responses_total")]
    [InlineData("a..b__c", "", "gauge", "a_b_c")]
    [InlineData("ns:metric", "", "gauge", "ns:metric")]
    [InlineData("queue.size", "1", "histogram", "queue_size")]
    public void MetricName_SpecExamples_TranslatedLikePrometheus(string name, string unit, string kind, string expected)
    {
        var metricKind = kind switch
        {
            "counter" => OtlpMetricKind.MonotonicCounter,
            "histogram" => OtlpMetricKind.Histogram,
            _ => OtlpMetricKind.Gauge,
        };

        Assert.Equal(expected, OtlpNames.MetricName(name, unit, metricKind));
    }

    [Theory]
    [InlineData("service.version", "service_version")]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("0zone", "key_0zone")]
    [InlineData("_private", "key_private")]
    [InlineData("__reserved", "__reserved")]
    [InlineData("a/b-c d", "a_b_c_d")]
    [InlineData("ünïcode", "key_n_code")]
    public void LabelName_Attributes_SanitisedLikePrometheus(string key, string expected)
    {
        Assert.Equal(expected, OtlpNames.LabelName(key));
    }

    [Theory]
    [InlineData(0.005, "0.005")]
    [InlineData(1e6, "1000000")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(2.5e-7, "0.00000025")]
    [InlineData(-1.25e-5, "-0.0000125")]
    [InlineData(10.0, "10")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Format_Floats_MatchGoShortestFixedFormat(double value, string expected)
    {
        Assert.Equal(expected, PrometheusFloat.Format(value));
    }
}
