using Microsoft.AspNetCore.Http;
using Nines.Metrics.Index;
using Nines.Metrics.Labels;

namespace Nines.Query.Http;

internal sealed partial class PrometheusApi
{
    private const string TruncatedWarning = "results truncated due to limit";

    /// <summary><c>/api/v1/series</c>: match[] (required), start, end, limit.</summary>
    public async Task SeriesAsync(HttpContext context, ApiParameters parameters)
    {
        var selectors = parameters.GetAll("match[]");
        if (selectors.Count == 0)
        {
            throw new QueryException(QueryErrorType.BadData, "no match[] parameter provided");
        }

        var start = parameters.TimeOr("start", ApiParameters.MinTime);
        var end = parameters.TimeOr("end", ApiParameters.MaxTime);
        var matcherSets = ParseMatchers(selectors, wrap: true);
        var limit = parameters.Limit();
        var metrics = await StorageAsync(context);

        // Several match[] may select the same series: merge, sorted as Prometheus' merge set is.
        var found = new SortedSet<LabelSet>();
        foreach (var matchers in matcherSets)
        {
            foreach (var series in metrics.Select(matchers, start, end))
            {
                found.Add(series.Labels);
            }
        }

        var writer = ApiResponse.BeginSuccess(context);
        await using (writer)
        {
            writer.WriteStartArray();
            var written = 0;
            foreach (var labels in found)
            {
                if (limit > 0 && written == limit)
                {
                    break;
                }

                ApiResponse.WriteLabels(writer, labels);
                written++;
                await ApiResponse.MaybeFlushAsync(context, writer);
            }

            writer.WriteEndArray();
            await ApiResponse.EndSuccessAsync(context, writer, limit > 0 && found.Count > limit ? [TruncatedWarning] : null);
        }
    }

    /// <summary><c>/api/v1/labels</c>: label names, optionally of the series selected by match[].</summary>
    public async Task LabelNamesAsync(HttpContext context, ApiParameters parameters)
    {
        var start = parameters.TimeOr("start", ApiParameters.MinTime);
        var end = parameters.TimeOr("end", ApiParameters.MaxTime);
        var matcherSets = ParseMatchers(parameters.GetAll("match[]"), wrap: false);
        var limit = parameters.Limit();
        var metrics = await StorageAsync(context);
        IReadOnlyList<string> names;
        if (matcherSets.Count == 0)
        {
            names = metrics.LabelNames();
        }
        else
        {
            var set = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var matchers in matcherSets)
            {
                foreach (var series in metrics.Select(matchers, start, end))
                {
                    foreach (var label in series.Labels)
                    {
                        set.Add(label.Name);
                    }
                }
            }

            names = [.. set];
        }

        await WriteStringsAsync(context, names, limit);
    }

    /// <summary><c>/api/v1/label/{name}/values</c>: values of one label, optionally of the series selected by match[].</summary>
    public async Task LabelValuesAsync(HttpContext context, ApiParameters parameters)
    {
        var name = context.Request.RouteValues["name"] as string ?? "";
        if (!IsLabelName(name))
        {
            throw new QueryException(QueryErrorType.BadData, $"invalid label name: \"{name}\"");
        }

        var start = parameters.TimeOr("start", ApiParameters.MinTime);
        var end = parameters.TimeOr("end", ApiParameters.MaxTime);
        var matcherSets = ParseMatchers(parameters.GetAll("match[]"), wrap: false);
        var limit = parameters.Limit();
        var metrics = await StorageAsync(context);
        IReadOnlyList<string> values;
        if (matcherSets.Count == 0)
        {
            values = metrics.LabelValues(name);
        }
        else
        {
            var set = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var matchers in matcherSets)
            {
                foreach (var series in metrics.Select(matchers, start, end))
                {
                    var value = series.Labels.Get(name);
                    if (value.Length != 0)
                    {
                        set.Add(value);
                    }
                }
            }

            values = [.. set];
        }

        await WriteStringsAsync(context, values, limit);
    }

    /// <summary>
    /// <c>/api/v1/metadata</c>: Nines does not store metric metadata (type, help, unit) yet, so the
    /// answer is an empty object, which is also what Prometheus answers before its first scrape.
    /// </summary>
    public async Task MetadataAsync(HttpContext context, ApiParameters parameters)
    {
        _ = parameters.Limit();
        var writer = ApiResponse.BeginSuccess(context);
        await using (writer)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            await ApiResponse.EndSuccessAsync(context, writer);
        }
    }

    // Prometheus' model.LabelNameRE: ^[a-zA-Z_][a-zA-Z0-9_]*$
    private static bool IsLabelName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    // Prometheus' parseMatchersParam: each must parse as a selector and contain a matcher that does
    // not match the empty string (else it would select every series).
    private static List<IReadOnlyList<Matcher>> ParseMatchers(List<string> selectors, bool wrap)
    {
        var sets = new List<IReadOnlyList<Matcher>>(selectors.Count);
        foreach (var selector in selectors)
        {
            try
            {
                sets.Add(PromQlEngine.ParseSelector(selector));
            }
            catch (QueryException e) when (e.Type == QueryErrorType.BadData)
            {
                var message = ParseMessage(e);
                throw wrap ? ApiParameters.Invalid("match[]", message) : new QueryException(QueryErrorType.BadData, message);
            }
        }

        foreach (var matchers in sets)
        {
            var nonEmpty = false;
            foreach (var m in matchers)
            {
                nonEmpty |= !m.MatchesEmpty;
            }

            if (!nonEmpty)
            {
                const string message = "match[] must contain at least one non-empty matcher";
                throw wrap ? ApiParameters.Invalid("match[]", message) : new QueryException(QueryErrorType.BadData, message);
            }
        }

        return sets;
    }

    private static async Task WriteStringsAsync(HttpContext context, IReadOnlyList<string> values, int limit)
    {
        var writer = ApiResponse.BeginSuccess(context);
        await using (writer)
        {
            writer.WriteStartArray();
            var count = limit > 0 ? Math.Min(limit, values.Count) : values.Count;
            for (var i = 0; i < count; i++)
            {
                writer.WriteStringValue(values[i]);
                await ApiResponse.MaybeFlushAsync(context, writer);
            }

            writer.WriteEndArray();
            await ApiResponse.EndSuccessAsync(context, writer, count < values.Count ? [TruncatedWarning] : null);
        }
    }
}
