using Nines.Metrics.Exemplars;

namespace Nines.Ingest.Series;

public sealed partial class SeriesBatch
{
    private Exemplar[] _exemplars = [];
    private int[] _exemplarEnds = [];
    private int _exemplarCount;
    private int _committedExemplars;

    /// <summary>Total number of accepted exemplars over all series.</summary>
    public int ExemplarCount => _committedExemplars;

    private bool HasPendingExemplars => _exemplarCount != _committedExemplars;

    /// <summary>The exemplars of series <paramref name="series"/>, in the order they were sent.</summary>
    public ReadOnlySpan<Exemplar> GetExemplars(int series)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)series, (uint)_labels.Count, nameof(series));
        if (_committedExemplars == 0)
        {
            return [];
        }

        var start = series == 0 ? 0 : _exemplarEnds[series - 1];
        return _exemplars.AsSpan(start, _exemplarEnds[series] - start);
    }

    /// <summary>Adds an exemplar to the series being decoded (committed with it by the next commit).</summary>
    internal void AddExemplar(in Exemplar exemplar)
    {
        if (_exemplarCount == _exemplars.Length)
        {
            Array.Resize(ref _exemplars, Math.Max(16, _exemplars.Length * 2));
        }

        _exemplars[_exemplarCount++] = exemplar;
    }

    private void CommitExemplars(int series)
    {
        // Until the first exemplar of a request, series past the array's end need no entry: a grown
        // array reads 0 for them, which is right. Once allocated, every series writes its end, so
        // nothing stale from an earlier request is read.
        if (_exemplarEnds.Length <= series)
        {
            if (_exemplarCount == 0)
            {
                return;
            }

            var grown = new int[Math.Max(64, Math.Max(series + 1, _exemplarEnds.Length * 2))];
            _exemplarEnds.AsSpan().CopyTo(grown);
            _exemplarEnds = grown;
        }

        _exemplarEnds[series] = _exemplarCount;
        _committedExemplars = _exemplarCount;
    }

    private void DropPendingExemplars()
    {
        Array.Clear(_exemplars, _committedExemplars, _exemplarCount - _committedExemplars);
        _exemplarCount = _committedExemplars;
    }

    private void ClearExemplars()
    {
        Array.Clear(_exemplars, 0, _exemplarCount);
        _exemplarCount = 0;
        _committedExemplars = 0;
    }
}
