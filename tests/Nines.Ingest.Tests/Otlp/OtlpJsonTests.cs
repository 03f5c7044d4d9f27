using Nines.Ingest.Otlp;
using Nines.Ingest.Otlp.Proto.Collector.Logs.V1;
using Nines.Ingest.Otlp.Proto.Collector.Trace.V1;

namespace Nines.Ingest.Tests.Otlp;

public sealed class OtlpJsonTests
{
    [Fact]
    public void Parse_HexIdsBothSpellings_BytesAsHexSays()
    {
        var request = OtlpJson.Parse<ExportTraceServiceRequest>("""
            {"resource_spans":[{"scopeSpans":[{"spans":[
              {"traceId":"5B8EFFF798038103D269B633813FC60C","span_id":"eee19b7ec3c1b174","parentSpanId":"",
               "links":[{"traceId":"00000000000000000000000000000001","spanId":"0000000000000002"}]}]}]}]}
            """u8);

        var span = request.ResourceSpans[0].ScopeSpans[0].Spans[0];
        Assert.Equal("5b8efff798038103d269b633813fc60c", Convert.ToHexStringLower(span.TraceId.Span));
        Assert.Equal("eee19b7ec3c1b174", Convert.ToHexStringLower(span.SpanId.Span));
        Assert.True(span.ParentSpanId.IsEmpty);
        Assert.Equal("00000000000000000000000000000001", Convert.ToHexStringLower(span.Links[0].TraceId.Span));
        Assert.Equal("0000000000000002", Convert.ToHexStringLower(span.Links[0].SpanId.Span));
    }

    [Theory]
    [InlineData("\"1764100000123456789\"")]
    [InlineData("1764100000123456789")]
    public void Parse_Int64AsStringOrBigNumber_EveryDigitKept(string time)
    {
        var request = OtlpJson.Parse<ExportLogsServiceRequest>(System.Text.Encoding.UTF8.GetBytes(
            $$$$"""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":{{{{time}}}},"severityNumber":17,"body":{"intValue":9007199254740993}}]}]}]}"""));

        var log = request.ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        Assert.Equal(1_764_100_000_123_456_789UL, log.TimeUnixNano);
        Assert.Equal(17, (int)log.SeverityNumber);
        Assert.Equal(9_007_199_254_740_993L, log.Body.IntValue);
    }

    [Fact]
    public void Parse_UnknownFields_Ignored()
    {
        var request = OtlpJson.Parse<ExportLogsServiceRequest>("""{"resourceLogs":[{"newThing":[1,{"a":2}],"scopeLogs":[{"logRecords":[{"body":{"stringValue":"x"},"eventName":"e","later":true}]}]}],"extra":null}"""u8);

        Assert.Equal("x", request.ResourceLogs[0].ScopeLogs[0].LogRecords[0].Body.StringValue);
    }

    [Theory]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8e"}]}]}]}""", "32 hex digits")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"zzzzzzzzzzzzzzzz"}]}]}]}""", "not hex")]
    [InlineData("""{"resourceSpans":""", "not valid JSON")]
    [InlineData("""[]""", "JSON object")]
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":{"x":1}}]}]}]}""", "ExportTraceServiceRequest")]
    public void Parse_BadInput_FormatExceptionSaysWhy(string json, string hint)
    {
        var e = Assert.Throws<FormatException>(() => OtlpJson.Parse<ExportTraceServiceRequest>(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Contains(hint, e.Message, StringComparison.Ordinal);
    }
}
