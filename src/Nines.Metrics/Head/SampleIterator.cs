using Nines.Metrics.Chunks;

namespace Nines.Metrics.Head;

/// <summary>
/// Iterates one series' samples in a time range across its chunks, oldest first. A struct that
/// decodes in place: no allocation per sample. Samples appended after the query started are not seen.
/// </summary>
public struct SampleIterator
{
    private readonly ChunkSnapshot[] _chunks;
    private readonly long _mint;
    private readonly long _maxt;
    private int _chunk;
    private XorIterator _current;
    private bool _started;

    internal SampleIterator(ChunkSnapshot[] chunks, long mint, long maxt)
    {
        _chunks = chunks;
        _mint = mint;
        _maxt = maxt;
        _chunk = -1;
    }

    /// <summary>Timestamp of the current sample, in milliseconds since the Unix epoch.</summary>
    public readonly long Timestamp => _current.T;

    /// <summary>Value of the current sample; stale markers keep their exact NaN bit pattern.</summary>
    public readonly double Value => _current.V;

    /// <summary>Advances to the next sample in range.</summary>
    public bool MoveNext()
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
            _current = new XorIterator(c.Buffer, c.Count);
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
