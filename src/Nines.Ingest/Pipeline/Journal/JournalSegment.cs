namespace Nines.Ingest.Pipeline.Journal;

/// <summary>One journal file and how many (record, trace) entries in it still wait for their trace's resolution.</summary>
internal sealed class JournalSegment(int index, string path)
{
    public int Index { get; } = index;

    public string Path { get; } = path;

    public int Unresolved { get; set; }

    public bool Closed { get; set; }
}
