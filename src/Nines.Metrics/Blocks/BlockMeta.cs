using System.Text.Json;

namespace Nines.Metrics.Blocks;

/// <summary>
/// A block's <c>meta.json</c>, as Prometheus writes it (tsdb/docs/format/README.md, tsdb/block.go
/// <c>BlockMeta</c>): time range [MinTime, MaxTime) with MaxTime exclusive, stats, compaction level
/// and the ULIDs of the level-1 blocks it was made from, version 1. A downsampled block also
/// carries Thanos' <c>"thanos": {"downsample": {"resolution": MS}}</c>.
/// </summary>
internal sealed class BlockMeta
{
    public const string FileName = "meta.json";

    public required string Ulid { get; init; }

    public required long MinTime { get; init; }

    public required long MaxTime { get; init; }

    public long NumSamples { get; init; }

    public long NumSeries { get; init; }

    public long NumChunks { get; init; }

    public int Level { get; init; } = 1;

    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Downsampling resolution in milliseconds; 0 for raw samples.</summary>
    public long Resolution { get; init; }

    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("ulid", Ulid);
            writer.WriteNumber("minTime", MinTime);
            writer.WriteNumber("maxTime", MaxTime);
            writer.WriteStartObject("stats");
            writer.WriteNumber("numSamples", NumSamples);
            writer.WriteNumber("numSeries", NumSeries);
            writer.WriteNumber("numChunks", NumChunks);
            writer.WriteEndObject();
            writer.WriteStartObject("compaction");
            writer.WriteNumber("level", Level);
            writer.WriteStartArray("sources");
            foreach (var source in Sources)
            {
                writer.WriteStringValue(source);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteNumber("version", 1);
            if (Resolution > 0)
            {
                writer.WriteStartObject("thanos");
                writer.WriteStartObject("downsample");
                writer.WriteNumber("resolution", Resolution);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">Not a version-1 block meta.</exception>
    public static BlockMeta Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.GetProperty("version").GetInt32() != 1)
            {
                throw new InvalidDataException("meta.json has an unsupported version.");
            }

            var stats = root.TryGetProperty("stats", out var s) ? s : default;
            var compaction = root.GetProperty("compaction");
            var sources = new List<string>();
            if (compaction.TryGetProperty("sources", out var list))
            {
                foreach (var item in list.EnumerateArray())
                {
                    sources.Add(item.GetString() ?? string.Empty);
                }
            }

            return new BlockMeta
            {
                Ulid = root.GetProperty("ulid").GetString() ?? string.Empty,
                MinTime = root.GetProperty("minTime").GetInt64(),
                MaxTime = root.GetProperty("maxTime").GetInt64(),
                NumSamples = stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty("numSamples", out var n) ? n.GetInt64() : 0,
                NumSeries = stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty("numSeries", out var se) ? se.GetInt64() : 0,
                NumChunks = stats.ValueKind == JsonValueKind.Object && stats.TryGetProperty("numChunks", out var c) ? c.GetInt64() : 0,
                Level = compaction.GetProperty("level").GetInt32(),
                Sources = sources,
                Resolution = root.TryGetProperty("thanos", out var thanos) && thanos.TryGetProperty("downsample", out var downsample)
                    ? downsample.GetProperty("resolution").GetInt64()
                    : 0,
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("meta.json is not a valid block meta: " + ex.Message, ex);
        }
    }
}
