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
    public QueryResult Instant(ISeriesSource source, string query, long timeMs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(query);
        var expr = Parser.PromParser.ParseExpr(query);
        var state = new Engine.QueryState(source, _options, _time, timeMs, timeMs, cancellationToken);
        var evaluator = new Engine.Evaluator(state, timeMs, timeMs, 0);
        var value = Run(() => evaluator.Eval(expr));
        return new QueryResult(Engine.ResultBuilder.Instant(value, timeMs), [], state.Infos) { SamplesTouched = state.SamplesTouched, PeakSamples = state.PeakSamples };
    }

    /// <summary>Evaluates <paramref name="query"/> from <paramref name="startMs"/> to <paramref name="endMs"/> every <paramref name="stepMs"/> (Prometheus <c>/api/v1/query_range</c>).</summary>
    /// <exception cref="QueryException">The query does not parse, or fails, times out or is canceled.</exception>
    public QueryResult Range(ISeriesSource source, string query, long startMs, long endMs, long stepMs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(query);

        // The checks and messages of Prometheus' /api/v1/query_range (web/api/v1/api.go).
        if (endMs < startMs)
        {
            throw new QueryException(QueryErrorType.BadData, "end timestamp must not be before start time");
        }

        if (stepMs <= 0)
        {
            throw new QueryException(QueryErrorType.BadData, "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }

        if ((endMs - startMs) / stepMs > _options.MaxPointsPerSeries)
        {
            throw new QueryException(QueryErrorType.BadData, "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }

        var expr = Parser.PromParser.ParseExpr(query);
        if (expr.Type is not (Parser.PromType.Scalar or Parser.PromType.Vector))
        {
            throw new QueryException(QueryErrorType.BadData, $"invalid expression type {Parser.GoQuote.Quote(Parser.PromTypes.Documented(expr.Type))} for range query, must be Scalar or instant Vector");
        }

        var state = new Engine.QueryState(source, _options, _time, startMs, endMs, cancellationToken);
        var evaluator = new Engine.Evaluator(state, startMs, endMs, stepMs);
        var value = Run(() => evaluator.Eval(expr));
        return new QueryResult(Engine.ResultBuilder.Range(value, evaluator.StepTimes), [], state.Infos) { SamplesTouched = state.SamplesTouched, PeakSamples = state.PeakSamples };
    }

    private static Engine.EvalValue Run(Func<Engine.EvalValue> eval)
    {
        try
        {
            return eval();
        }
        catch (OperationCanceledException ex)
        {
            throw new QueryException(QueryErrorType.Canceled, "query was canceled in expression evaluation", inner: ex);
        }
    }

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

    /// <summary>
    /// Every vector selector of a query, each as its list of matchers (Prometheus'
    /// <c>parser.ExtractSelectors</c>, used by <c>/api/v1/query_exemplars</c>).
    /// </summary>
    /// <exception cref="QueryException">The query does not parse (<see cref="QueryErrorType.BadData"/>).</exception>
    public static IReadOnlyList<IReadOnlyList<Nines.Metrics.Index.Matcher>> ExtractSelectors(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Parser.SelectorExtractor.Extract(Parser.PromParser.ParseExpr(query));
    }
}
