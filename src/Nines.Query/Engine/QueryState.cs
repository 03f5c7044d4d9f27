namespace Nines.Query.Engine;

/// <summary>State shared by a query's evaluators (the outer one and those of its subqueries).</summary>
internal sealed class QueryState
{
    private readonly long _deadline;
    private readonly TimeProvider _time;
    private int _checks;

    public QueryState(ISeriesSource source, QueryEngineOptions options, TimeProvider time, long queryStart, long queryEnd, CancellationToken cancellationToken)
    {
        Source = source;
        Options = options;
        _time = time;
        QueryStart = queryStart;
        QueryEnd = queryEnd;
        CancellationToken = cancellationToken;
        var ticks = (long)(options.Timeout.TotalSeconds * time.TimestampFrequency);
        _deadline = time.GetTimestamp() + Math.Max(ticks, 0);
    }

    public ISeriesSource Source { get; }

    public QueryEngineOptions Options { get; }

    /// <summary>The query's own start and end, which @ start() and @ end() refer to (also inside subqueries).</summary>
    public long QueryStart { get; }

    public long QueryEnd { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>Samples currently held, checked against MaxSamples as Prometheus' currentSamples.</summary>
    public long CurrentSamples { get; set; }

    public long PeakSamples { get; private set; }

    public long SamplesTouched { get; set; }

    /// <summary>Notes for the response's <c>infos</c> (from the source: downsampled data used), each once.</summary>
    public List<string> Infos { get; } = [];

    public void AddInfo(string? info)
    {
        if (info is not null && !Infos.Contains(info))
        {
            Infos.Add(info);
        }
    }

    /// <summary>Series the query's selectors took from storage so far (each selector's count added).</summary>
    public long SeriesSelected { get; private set; }

    /// <summary>Counts <paramref name="n"/> selected series against MaxSeries.</summary>
    public void AddSeries(int n)
    {
        SeriesSelected += n;
        if (Options.MaxSeries > 0 && SeriesSelected > Options.MaxSeries)
        {
            throw new QueryException(QueryErrorType.Execution, $"query processing would select too many series from storage (more than query.max_series = {Options.MaxSeries})");
        }
    }

    public void AddSamples(long n)
    {
        CurrentSamples += n;
        if (CurrentSamples > PeakSamples)
        {
            PeakSamples = CurrentSamples;
        }

        if (CurrentSamples > Options.MaxSamples)
        {
            throw new QueryException(QueryErrorType.Execution, "query processing would load too many samples into memory in query execution");
        }
    }

    /// <summary>Throws when the query was canceled or ran past its timeout (Prometheus' messages).</summary>
    public void CheckAlive(bool force = false)
    {
        if (!force && (++_checks & 63) != 0)
        {
            return;
        }

        if (CancellationToken.IsCancellationRequested)
        {
            throw new QueryException(QueryErrorType.Canceled, "query was canceled in expression evaluation");
        }

        if (_time.GetTimestamp() > _deadline)
        {
            throw new QueryException(QueryErrorType.Timeout, "query timed out in expression evaluation");
        }
    }
}
