namespace Nines.Query;

/// <summary>
/// Evaluates PromQL as Prometheus does. Thread-safe; one instance serves every tenant (the
/// <see cref="ISeriesSource"/> passed in is the tenant's).
/// </summary>
public sealed class PromQlEngine
{
    private readonly QueryEngineOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the engine.</summary>
    public PromQlEngine(QueryEngineOptions? options = null, TimeProvider? time = null)
    {
        _options = options ?? new QueryEngineOptions();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Evaluates <paramref name="query"/> at <paramref name="timeMs"/> (Prometheus <c>/api/v1/query</c>).</summary>
    /// <exception cref="QueryException">The query does not parse, or fails, times out or is canceled.</exception>
    public QueryResult Instant(ISeriesSource source, string query, long timeMs, CancellationToken cancellationToken = default) =>
        throw new QueryException(QueryErrorType.Execution, "the PromQL engine is not built yet");

    /// <summary>Evaluates <paramref name="query"/> from <paramref name="startMs"/> to <paramref name="endMs"/> every <paramref name="stepMs"/> (Prometheus <c>/api/v1/query_range</c>).</summary>
    /// <exception cref="QueryException">The query does not parse, or fails, times out or is canceled.</exception>
    public QueryResult Range(ISeriesSource source, string query, long startMs, long endMs, long stepMs, CancellationToken cancellationToken = default) =>
        throw new QueryException(QueryErrorType.Execution, "the PromQL engine is not built yet");

    /// <summary>The query pretty-printed as Prometheus' <c>/api/v1/format_query</c> does.</summary>
    /// <exception cref="QueryException">The query does not parse (<see cref="QueryErrorType.BadData"/>).</exception>
    public static string Format(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Parser.Prettier.Format(Parser.PromParser.ParseExpr(query));
    }

    /// <summary>
    /// The metric selectors of a query (for <c>/api/v1/series</c>' <c>match[]</c>, which takes a
    /// selector): each as its list of matchers.
    /// </summary>
    /// <exception cref="QueryException">The text is not a selector (<see cref="QueryErrorType.BadData"/>).</exception>
    public static IReadOnlyList<Nines.Metrics.Index.Matcher> ParseSelector(string selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return Parser.PromParser.ParseSelector(selector).Matchers;
    }
}
