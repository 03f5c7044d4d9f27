using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nines.Web.Audit;

/// <summary>Field-by-field comparison of an audit entry's before and after snapshots.</summary>
internal static class JsonDiff
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// The union of the top-level fields of two JSON objects, in the order they first appear, each
    /// marked same, changed, added or removed. Null when either side is present but not a JSON
    /// object: the page then shows both as text.
    /// </summary>
    public static IReadOnlyList<DiffRow>? Compare(string? before, string? after)
    {
        if (!TryObject(before, out var left) || !TryObject(after, out var right) || (left is null && right is null))
        {
            return null;
        }

        var rows = new List<DiffRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var keys = (left?.Select(p => p.Key) ?? []).Concat(right?.Select(p => p.Key) ?? []);
        foreach (var key in keys)
        {
            if (!seen.Add(key))
            {
                continue;
            }

            JsonNode? l = null, r = null;
            var inLeft = left is not null && left.TryGetPropertyValue(key, out l);
            var inRight = right is not null && right.TryGetPropertyValue(key, out r);
            var kind = !inLeft ? DiffKind.Added
                : !inRight ? DiffKind.Removed
                : JsonNode.DeepEquals(l, r) ? DiffKind.Same
                : DiffKind.Changed;
            rows.Add(new DiffRow(key, inLeft ? Text(l) : null, inRight ? Text(r) : null, kind));
        }

        return rows;
    }

    /// <summary><paramref name="json"/> indented, or as it is when it does not parse.</summary>
    public static string Pretty(string json)
    {
        try
        {
            return JsonNode.Parse(json)?.ToJsonString(Indented) ?? "null";
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";

    private static bool TryObject(string? json, out JsonObject? result)
    {
        result = null;
        if (json is null)
        {
            return true;
        }

        try
        {
            result = JsonNode.Parse(json) as JsonObject;
            return result is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
