using Nines.Store.Model;

namespace Nines.Web.Components.Shared;

/// <summary>How audit entries read on the pages.</summary>
internal static class AuditText
{
    /// <summary>"token ci-deploy" style label of the entity an entry changed.</summary>
    public static string Entity(AuditEntry entry) =>
        string.IsNullOrEmpty(entry.EntityId) ? entry.EntityType : $"{entry.EntityType} {Short(entry.EntityId)}";

    /// <summary>Ids are 32 hex digits; the first 8 tell them apart on a page.</summary>
    public static string Short(string id) => id.Length == 32 ? id[..8] : id;
}
