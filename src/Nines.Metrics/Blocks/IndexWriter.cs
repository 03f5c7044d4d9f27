using Nines.Metrics.Labels;
using Nines.Metrics.Wal;

namespace Nines.Metrics.Blocks;

/// <summary>
/// Builds a block's <c>index</c> file in Prometheus' format v2
/// (https://github.com/prometheus/prometheus/blob/main/tsdb/docs/format/index.md), in the section
/// order Prometheus writes: header, symbol table, series (16-byte aligned, id = offset / 16), label
/// indices, postings, label offset table, postings offset table, TOC. Series must be added in
/// label order. The file is assembled in memory and written once: an index is a few bytes per
/// series-label, small next to the chunks.
/// </summary>
internal sealed class IndexWriter
{
    private readonly FormatBuffer _file = new(64 * 1024);
    private readonly FormatBuffer _entry = new(256);
    private readonly string[] _symbols;
    private readonly Dictionary<string, int> _symbolIndex;
    private readonly SortedDictionary<string, SortedDictionary<string, List<uint>>> _postings = new(StringComparer.Ordinal);
    private readonly List<uint> _all = [];
    private readonly long _seriesOffset;
    private LabelSet? _last;

    /// <param name="symbols">Every label name and value the series will use; sorted and deduplicated here.</param>
    public IndexWriter(IEnumerable<string> symbols)
    {
        var set = new SortedSet<string>(symbols, StringComparer.Ordinal) { string.Empty };
        _symbols = [.. set];
        _symbolIndex = new Dictionary<string, int>(_symbols.Length, StringComparer.Ordinal);
        for (var i = 0; i < _symbols.Length; i++)
        {
            _symbolIndex[_symbols[i]] = i;
        }

        _file.PutBE32(BlockFormat.IndexMagic);
        _file.PutByte(BlockFormat.IndexVersion);
        SymbolsOffset = _file.Length;
        var lengthAt = _file.Length;
        _file.PutBE32(0);
        _file.PutBE32((uint)_symbols.Length);
        foreach (var symbol in _symbols)
        {
            _file.PutString(symbol);
        }

        EndTable(lengthAt);
        _seriesOffset = _file.Length;
    }

    public long SymbolsOffset { get; }

    public int SeriesCount => _all.Count;

    /// <exception cref="InvalidOperationException">Series are not added in strictly increasing label order.</exception>
    public void AddSeries(LabelSet labels, ReadOnlySpan<ChunkMeta> chunks)
    {
        if (_last is not null && _last.CompareTo(labels) >= 0)
        {
            throw new InvalidOperationException($"Index series out of order: {labels} after {_last}.");
        }

        _last = labels;
        _file.Pad(0, 16);
        var id = (uint)(_file.Length / 16);
        _entry.Clear();
        _entry.PutUvarint((ulong)labels.Count);
        for (var i = 0; i < labels.Count; i++)
        {
            _entry.PutUvarint((ulong)_symbolIndex[labels.NameAt(i)]);
            _entry.PutUvarint((ulong)_symbolIndex[labels.ValueAt(i)]);
        }

        _entry.PutUvarint((ulong)chunks.Length);
        if (chunks.Length > 0)
        {
            var c = chunks[0];
            _entry.PutVarint(c.MinTime);
            _entry.PutUvarint((ulong)(c.MaxTime - c.MinTime));
            _entry.PutUvarint(c.Ref);
            for (var k = 1; k < chunks.Length; k++)
            {
                var prev = chunks[k - 1];
                c = chunks[k];
                _entry.PutUvarint((ulong)(c.MinTime - prev.MaxTime));
                _entry.PutUvarint((ulong)(c.MaxTime - c.MinTime));
                _entry.PutVarint((long)(c.Ref - prev.Ref));
            }
        }

        _file.PutUvarint((ulong)_entry.Length);
        _file.PutBytes(_entry.WrittenSpan);
        _file.PutBE32(Crc32C.Compute(_entry.WrittenSpan));

        _all.Add(id);
        for (var i = 0; i < labels.Count; i++)
        {
            if (!_postings.TryGetValue(labels.NameAt(i), out var values))
            {
                values = new SortedDictionary<string, List<uint>>(StringComparer.Ordinal);
                _postings.Add(labels.NameAt(i), values);
            }

            if (!values.TryGetValue(labels.ValueAt(i), out var list))
            {
                list = [];
                values.Add(labels.ValueAt(i), list);
            }

            list.Add(id);
        }
    }

    /// <summary>Writes the remaining sections and the TOC; returns the whole file.</summary>
    public ReadOnlySpan<byte> Finish()
    {
        // Label indices (one per name, values as symbol references), still written by Prometheus for v1 readers.
        var labelIndicesOffset = _file.Length;
        var labelIndexAt = new List<(string Name, long Offset)>(_postings.Count);
        foreach (var (name, values) in _postings)
        {
            _file.Pad(0, 4);
            labelIndexAt.Add((name, _file.Length));
            var lengthAt = _file.Length;
            _file.PutBE32(0);
            _file.PutBE32(1);
            _file.PutBE32((uint)values.Count);
            foreach (var value in values.Keys)
            {
                _file.PutBE32((uint)_symbolIndex[value]);
            }

            EndTable(lengthAt);
        }

        // Postings: the list of all series under the empty label pair first, then by name and value.
        _file.Pad(0, 4);
        var postingsOffset = _file.Length;
        var postingAt = new List<(string Name, string Value, long Offset)>();
        postingAt.Add((string.Empty, string.Empty, _file.Length));
        WritePostings(_all);
        foreach (var (name, values) in _postings)
        {
            foreach (var (value, ids) in values)
            {
                postingAt.Add((name, value, _file.Length));
                WritePostings(ids);
            }
        }

        var labelTableOffset = _file.Length;
        var tableAt = _file.Length;
        _file.PutBE32(0);
        _file.PutBE32((uint)labelIndexAt.Count);
        foreach (var (name, offset) in labelIndexAt)
        {
            _file.PutUvarint(1);
            _file.PutString(name);
            _file.PutUvarint((ulong)offset);
        }

        EndTable(tableAt);

        var postingsTableOffset = _file.Length;
        tableAt = _file.Length;
        _file.PutBE32(0);
        _file.PutBE32((uint)postingAt.Count);
        foreach (var (name, value, offset) in postingAt)
        {
            _file.PutUvarint(2);
            _file.PutString(name);
            _file.PutString(value);
            _file.PutUvarint((ulong)offset);
        }

        EndTable(tableAt);

        var tocAt = _file.Length;
        _file.PutBE64((ulong)SymbolsOffset);
        _file.PutBE64((ulong)_seriesOffset);
        _file.PutBE64((ulong)labelIndicesOffset);
        _file.PutBE64((ulong)labelTableOffset);
        _file.PutBE64((ulong)postingsOffset);
        _file.PutBE64((ulong)postingsTableOffset);
        _file.PutBE32(Crc32C.Compute(_file.WrittenSpan[tocAt..]));
        return _file.WrittenSpan;
    }

    private void WritePostings(List<uint> ids)
    {
        var lengthAt = _file.Length;
        _file.PutBE32(0);
        _file.PutBE32((uint)ids.Count);
        foreach (var id in ids)
        {
            _file.PutBE32(id);
        }

        EndTable(lengthAt);
    }

    // Fills in a table's 4-byte length (of the content after it) and appends the CRC of that content.
    private void EndTable(int lengthAt)
    {
        var contentStart = lengthAt + 4;
        var length = _file.Length - contentStart;
        _file.SetBE32(lengthAt, (uint)length);
        _file.PutBE32(Crc32C.Compute(_file.WrittenSpan.Slice(contentStart, length)));
    }
}
