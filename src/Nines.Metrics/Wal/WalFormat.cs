namespace Nines.Metrics.Wal;

/// <summary>
/// Record framing on disk, modelled on Prometheus' WAL (tsdb/docs/format/wal.md) and LevelDB's log
/// (doc/log_format.md): every record is
/// <c>type:u8 | length:u32 LE | crc32c:u32 LE | payload[length]</c>, the CRC covering the type,
/// the length and the payload, so a flipped type or length byte is caught like a flipped payload byte.
/// Unlike those formats there are no 32 KiB pages and no record fragments: a record never spans
/// segments (the writer cuts a new segment first), which keeps the reader a simple stream parser.
/// Segments are files named by an 8-digit decimal sequence number, as Prometheus names them.
/// </summary>
internal static class WalFormat
{
    public const int HeaderSize = 9;

    public const string WalDirectoryName = "wal";

    public const string CorruptedDirectoryPrefix = "corrupted-";

    public static string SegmentName(int index) => index.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParseSegmentName(string name, out int index)
    {
        index = 0;
        if (name.Length != 8)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            index = (index * 10) + (c - '0');
        }

        return true;
    }

    /// <summary>Segment indices in <paramref name="walDirectory"/>, ascending.</summary>
    public static List<int> ListSegments(IO.IFileSystem fileSystem, string walDirectory)
    {
        var result = new List<int>();
        foreach (var name in fileSystem.ListFiles(walDirectory))
        {
            if (TryParseSegmentName(name, out var index))
            {
                result.Add(index);
            }
        }

        result.Sort();
        return result;
    }
}
