namespace Nines.Core.Identifiers;

/// <summary>
/// Opaque, time-ordered record identifiers (UUID v7 as 32 hex digits). Time-ordered so that
/// B-tree inserts stay at the right edge in both SQLite and PostgreSQL; opaque so that no caller
/// can guess another tenant's ids from its own.
/// </summary>
public static class Ids
{
    /// <summary>A new identifier stamped with <paramref name="time"/>'s current time.</summary>
    public static string New(TimeProvider time) => Guid.CreateVersion7(time.GetUtcNow()).ToString("N");

    /// <summary>True when <paramref name="id"/> has the shape of an identifier made by <see cref="New"/>.</summary>
    public static bool IsWellFormed(string? id)
    {
        if (id is null || id.Length != 32)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
