using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Nines.Metrics.Exemplars;

namespace Nines.Query.Http;

internal sealed partial class PrometheusApi
{
    /// <summary>
    /// <c>/api/v1/query_exemplars</c>: query, start, end. As Prometheus 2.42's <c>queryExemplars</c>:
    /// the exemplars of every series any selector of the query matches, in [start, end], grouped by
    /// series and ordered by series labels; a query without selectors answers 204 without a body.
    /// </summary>
    public async Task QueryExemplarsAsync(HttpContext context, ApiParameters parameters)
    {
        var start = parameters.TimeOr("start", ApiParameters.MinTime);
        var end = parameters.TimeOr("end", ApiParameters.MaxTime);
        if (end < start)
        {
            throw new QueryException(QueryErrorType.BadData, "end timestamp must not be before start timestamp");
        }

        var query = parameters.Get("query");
        if (query.Trim().Length == 0)
        {
            throw new QueryException(QueryErrorType.BadData, "1:1: parse error: no expression found in input");
        }

        IReadOnlyList<IReadOnlyList<Nines.Metrics.Index.Matcher>> selectors;
        try
        {
            selectors = PromQlEngine.ExtractSelectors(query);
        }
        catch (QueryException e) when (e.Type == QueryErrorType.BadData)
        {
            throw new QueryException(QueryErrorType.BadData, ParseMessage(e));
        }

        if (selectors.Count == 0)
        {
            // Prometheus' handler returns no data, which its API writes as 204 with an empty body.
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        var metrics = await StorageAsync(context);
        var found = metrics.SelectExemplars(start, end, selectors);
        var writer = ApiResponse.BeginSuccess(context);
        await using (writer)
        {
            writer.WriteStartArray();
            foreach (var series in found)
            {
                WriteExemplarSeries(writer, series);
                await ApiResponse.MaybeFlushAsync(context, writer);
            }

            writer.WriteEndArray();
            await ApiResponse.EndSuccessAsync(context, writer);
        }
    }

    // {"seriesLabels": {...}, "exemplars": [{"labels": {...}, "value": "6", "timestamp": 1600096945.479}]}
    private static void WriteExemplarSeries(Utf8JsonWriter writer, ExemplarSeries series)
    {
        Span<char> chars = stackalloc char[64];
        Span<byte> bytes = stackalloc byte[64];
        writer.WriteStartObject();
        writer.WritePropertyName("seriesLabels");
        ApiResponse.WriteLabels(writer, series.SeriesLabels);
        writer.WriteStartArray("exemplars");
        foreach (var exemplar in series.Exemplars)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("labels");
            ApiResponse.WriteLabels(writer, exemplar.Labels);
            var n = PromFormat.FormatPointValue(exemplar.Value, chars);
            writer.WriteString("value", chars[..n]);
            writer.WritePropertyName("timestamp");
            n = PromFormat.FormatPointTimestamp(exemplar.Timestamp, chars);
            for (var i = 0; i < n; i++)
            {
                bytes[i] = (byte)chars[i];
            }

            writer.WriteRawValue(bytes[..n], skipInputValidation: true);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
