using Nines.Metrics.Chunks;

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
    public readonly long Timestamp => _current.T;

    /// <summary>Value of the current sample; stale markers keep their exact NaN bit pattern.</summary>
    public readonly double Value => _current.V;

    /// <summary>Advances to the next sample in range.</summary>
    public bool MoveNext()
    {
        while (MoveNextRaw())
        {
            if (_current.T > _lastT || _lastT == long.MinValue)
            {
                _lastT = _current.T;
                return true;
            }
        }

        return false;
    }

    private bool MoveNextRaw()
    {
        while (true)
        {
            if (_started && _current.MoveNext())
            {
                if (_current.T > _maxt)
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
            _current = c.Iterator();
            if (!_current.Seek(_mint))
            {
                _started = false;
                continue;
            }

            _started = true;
            if (_current.T > _maxt)
            {
                _chunk = _chunks.Length;
                _started = false;
                return false;
            }

            return true;
        }
    }
}
