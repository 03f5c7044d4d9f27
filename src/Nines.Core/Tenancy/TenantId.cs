using System.Diagnostics.CodeAnalysis;

namespace Nines.Core.Tenancy;

/// <summary>
/// Tenant identifiers: 1–63 characters of lower-case letters, digits, '-' and '_', starting with a
/// letter or digit. The same shape Mimir and Loki accept in <c>X-Scope-OrgID</c>, narrowed so that
/// an id is safe in a URL, a file name and a label value without escaping.
/// </summary>
public static class TenantId
{
    /// <summary>The tenant that a fresh installation creates and that anonymous ingest writes to.</summary>
    public const string Default = "default";

    /// <summary>The HTTP header that names the tenant, as in Mimir and Loki.</summary>
    public const string Header = "X-Scope-OrgID";

    /// <summary>True when <paramref name="id"/> is a well-formed tenant id.</summary>
    public static bool IsValid([NotNullWhen(true)] string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 63)
        {
            return false;
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            var ok = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') || (i > 0 && c is '-' or '_');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What a valid id looks like, for error messages.</summary>
    public const string Rule = "1-63 characters: lower-case letters, digits, '-' or '_', starting with a letter or digit";
}
