using Nines.Metrics.Histograms;

namespace Nines.Metrics.Chunks;

/// <summary>Whether a histogram fits the chunk's layout, and recoding the chunk when it gains buckets.</summary>
internal sealed partial class HistogramChunk
{
    private bool LastIsStale => _sum == Histogram.StaleNaNBits;

    // Prometheus 2.42's HistogramAppender.Appendable, plus honouring an explicit CounterReset hint
    // as later versions do. False means cut a new chunk; reset says the cut is for a counter reset.
    private bool Appendable(Histogram h, ref List<BucketInsert>? pForward, ref List<BucketInsert>? nForward, out bool reset)
    {
        reset = false;
        if (Header == HistogramChunkHeader.Gauge)
        {
            return false;
        }

        if (h.CounterResetHint == CounterResetHint.CounterReset)
        {
            reset = true;
            return false;
        }

        if (h.IsStaleMarker)
        {
            // A stale marker's buckets do not matter.
            return true;
        }

        if (LastIsStale)
        {
            // Only stale markers may follow a stale marker in a chunk.
            return false;
        }

        if (h.Count < _cnt)
        {
            reset = true;
            return false;
        }

        if (h.Schema != _schema || h.ZeroThreshold != _zeroThreshold)
        {
            return false;
        }

        if (h.ZeroCount < _zCnt
            || !HistogramLayout.TryForwardInserts(_pSpans, _pBuckets, h.PositiveSpans, h.PositiveBuckets, ref pForward)
            || !HistogramLayout.TryForwardInserts(_nSpans, _nBuckets, h.NegativeSpans, h.NegativeBuckets, ref nForward))
        {
            pForward = nForward = null;
            reset = true;
            return false;
        }

        return true;
    }

    // Prometheus 2.42's AppendableGauge: gauges may lose buckets too, so both the chunk (forward
    // inserts) and the histogram (backward inserts, applied here to a copy) grow to the union.
    private bool AppendableGauge(ref Histogram h, ref List<BucketInsert>? pForward, ref List<BucketInsert>? nForward)
    {
        if (Header != HistogramChunkHeader.Gauge)
        {
            return false;
        }

        if (h.IsStaleMarker)
        {
            return true;
        }

        if (LastIsStale || h.Schema != _schema || h.ZeroThreshold != _zeroThreshold)
        {
            return false;
        }

        List<BucketInsert>? pBackward = null, nBackward = null;
        var pMerged = HistogramLayout.MergeBothWays(_pSpans, h.PositiveSpans, ref pForward, ref pBackward);
        var nMerged = HistogramLayout.MergeBothWays(_nSpans, h.NegativeSpans, ref nForward, ref nBackward);
        if (pBackward is not null || nBackward is not null)
        {
            h = h.Copy();
            h.PositiveSpans = pMerged;
            h.NegativeSpans = nMerged;
            if (pBackward is not null)
            {
                h.PositiveBuckets = HistogramLayout.Insert(h.PositiveBuckets, pBackward);
            }

            if (nBackward is not null)
            {
                h.NegativeBuckets = HistogramLayout.Insert(h.NegativeBuckets, nBackward);
            }
        }

        return true;
    }

    // Prometheus' Recode: re-encode every sample with the new spans, inserted buckets empty. The
    // result is a new array, so snapshots of the old one stay valid.
    private void Recode(List<BucketInsert>? pForward, List<BucketInsert>? nForward, HistogramSpan[] pSpans, HistogramSpan[] nSpans)
    {
        var fresh = new HistogramChunk(_maxSamples, Header);
        var it = new HistogramIterator(_b.Array, 0, Length, _count, decodeFloat: false);
        while (it.MoveNext())
        {
            var old = it.ToHistogram();
            old.PositiveSpans = pSpans;
            old.NegativeSpans = nSpans;
            if (pForward is not null)
            {
                old.PositiveBuckets = HistogramLayout.Insert(old.PositiveBuckets, pForward);
            }

            if (nForward is not null)
            {
                old.NegativeBuckets = HistogramLayout.Insert(old.NegativeBuckets, nForward);
            }

            fresh.AppendUnchecked(it.T, old);
        }

        _b = fresh._b;
        _schema = fresh._schema;
        _zeroThreshold = fresh._zeroThreshold;
        _pSpans = fresh._pSpans;
        _nSpans = fresh._nSpans;
        _t = fresh._t;
        _cnt = fresh._cnt;
        _zCnt = fresh._zCnt;
        _tDelta = fresh._tDelta;
        _cntDelta = fresh._cntDelta;
        _zCntDelta = fresh._zCntDelta;
        _pBuckets = fresh._pBuckets;
        _nBuckets = fresh._nBuckets;
        _pBucketsDelta = fresh._pBucketsDelta;
        _nBucketsDelta = fresh._nBucketsDelta;
        _sum = fresh._sum;
        _leading = fresh._leading;
        _trailing = fresh._trailing;
    }
}
