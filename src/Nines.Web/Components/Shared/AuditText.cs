using System.Text.Json;
using Nines.Store.Model;

namespace Nines.Web.Components.Shared;

/// <summary>How audit entries read on the pages.</summary>
internal static class AuditText
{
    /// <summary>
    /// "token ci-deploy", "user grace": the entity type and its name from the snapshot, or the
    /// short id when the snapshot has no name.
    /// </summary>
    public static string Entity(AuditEntry entry)
    {
        var name = NameIn(entry.After) ?? NameIn(entry.Before);
        return name is not null ? $"{entry.EntityType} {name}"
            : string.IsNullOrEmpty(entry.EntityId) ? entry.EntityType
            : $"{entry.EntityType} {Short(entry.EntityId)}";
    }

    /// <summary>
    /// Ids are UUID v7 in hex: the first digits are a timestamp shared by ids made in the same
    /// minute, so the last 8 (random) digits tell them apart on a page.
    /// </summary>
    public static string Short(string id) => id.Length == 32 ? "…" + id[^8..] : id;

    private static string? NameIn(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var key in (string[])["username", "name"])
            {
                if (document.RootElement.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: no name to show.
        }

        return null;
    }
}
