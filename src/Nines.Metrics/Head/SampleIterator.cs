using Nines.Metrics.Chunks;
using Nines.Metrics.Histograms;

namespace Nines.Metrics.Head;

/// <summary>
/// Iterates one series' samples in a time range across its chunks, oldest first. A struct that
/// decodes in place: no allocation per sample. Samples appended after the query started are not seen.
/// Chunks come in order of their first sample and may overlap where a block and the head both hold
/// the samples around a persisted boundary: a sample not newer than the last one returned is skipped,
/// so each timestamp is returned once.
/// </summary>
public struct SampleIterator
{
    private readonly ChunkSnapshot[] _chunks;
    private readonly long _mint;
    private readonly long _maxt;
    private int _chunk;
    private XorIterator _current;
    private HistogramIterator _hist;
    private bool _inHist;
    private bool _started;
    private long _lastT;

    internal SampleIterator(ChunkSnapshot[] chunks, long mint, long maxt)
    {
        _chunks = chunks;
        _mint = mint;
        _maxt = maxt;
        _chunk = -1;
        _lastT = long.MinValue;
    }

    /// <summary>Timestamp of the current sample, in milliseconds since the Unix epoch.</summary>
    public readonly long Timestamp => _inHist ? _hist.T : _current.T;

    /// <summary>Value of the current float sample; stale markers keep their exact NaN bit pattern. NaN for a histogram sample.</summary>
    public readonly double Value => _inHist ? double.NaN : _current.V;

    /// <summary>Whether the current sample is a native histogram (read it from <see cref="Histogram"/>).</summary>
    public readonly bool IsHistogram => _inHist;

    /// <summary>
    /// The current sample's native histogram (a fresh object per sample, its arrays the caller's), or
    /// null for a float sample. A staleness marker is a histogram whose <see cref="FloatHistogram.IsStaleMarker"/>
    /// is true (only its <see cref="FloatHistogram.Sum"/> is set).
    /// </summary>
    public readonly FloatHistogram? Histogram => _inHist ? _hist.H : null;

    /// <summary>The current histogram sample with integer counts (new arrays), for re-encoding it into a chunk.</summary>
    internal readonly Histograms.Histogram IntegerHistogram() => _hist.ToHistogram();

    /// <summary>Advances to the next sample in range.</summary>
    public bool MoveNext()
    {
        while (MoveNextRaw())
        {
            var t = Timestamp;
            if (t > _lastT || _lastT == long.MinValue)
            {
                _lastT = t;
                return true;
            }
        }

        return false;
    }

    private bool MoveNextRaw()
    {
        while (true)
        {
            if (_started && (_inHist ? _hist.MoveNext() : _current.MoveNext()))
            {
                if (Timestamp > _maxt)
                {
                    _chunk = _chunks.Length;
                    _started = false;
                    return false;
                }

                return true;
            }

            if (++_chunk >= _chunks.Length)
            {
                _started = false;
                return false;
            }

            var c = _chunks[_chunk];
            _inHist = c.IsHistogram;
            bool found;
            if (_inHist)
            {
                _hist = c.HistogramIterator();
                found = _hist.Seek(_mint);
            }
            else
            {
                _current = c.Iterator();
                found = _current.Seek(_mint);
            }

            if (!found)
            {
                _started = false;
                continue;
            }

            _started = true;
            if (Timestamp > _maxt)
            {
                _chunk = _chunks.Length;
                _started = false;
                return false;
            }

            return true;
        }
    }
}
