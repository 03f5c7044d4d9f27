namespace Nines.Metrics.Head;

/// <summary>
/// A chunk's bytes and sample count taken under the series lock; immutable from then on (see
/// XorChunk). The chunk starts at <see cref="Offset"/> in <see cref="Buffer"/>: a block read fetches
/// a series' chunks with one read and every snapshot points into that one array.
/// </summary>
internal readonly record struct ChunkSnapshot(byte[] Buffer, int Count, int Offset = 0, Chunks.ChunkEncoding Encoding = Chunks.ChunkEncoding.Xor)
{
    /// <summary>Whether the chunk holds native histograms (iterate with <see cref="HistogramIterator"/>).</summary>
    public bool IsHistogram => Encoding == Chunks.ChunkEncoding.Histogram;

    /// <summary>An iterator over a histogram chunk's samples.</summary>
    public Chunks.HistogramIterator HistogramIterator() => new(Buffer, Offset, Buffer.Length - Offset, Count);

    /// <summary>An iterator over the chunk's samples.</summary>
    public Chunks.XorIterator Iterator() => new(Buffer, Offset, Buffer.Length - Offset, Count);
}
