using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Nines.Core.Security;
using Nines.Store.Model;

namespace Nines.Store.Audit;

// The compact JSON that the audit log keeps of each entity before and after a change. Written
// field by field so that a secret (password hash, token hash) can only get in by someone adding it here.
internal static class AuditSnapshots
{
    // The UI and CLI escape on display; \uXXXX for every accent or '+' would only make the raw log unreadable.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Tenant(Tenant tenant) => Write(tenant, static (w, t) =>
    {
        w.WriteString("id", t.Id);
        w.WriteString("name", t.Name);
    });

    // A user as a member of one tenant; says whether a password is set, never what it is.
    public static string User(User user, Role role) => Write((user, role), static (w, s) =>
    {
        w.WriteString("id", s.user.Id);
        w.WriteString("username", s.user.Username);
        w.WriteString("display_name", s.user.DisplayName);
        w.WriteString("role", s.role.ToName());
        w.WriteBoolean("disabled", s.user.Disabled);
        w.WriteBoolean("has_password", s.user.PasswordHash is not null);
    });

    // A token without its hash.
    public static string Token(ApiToken token) => Write(token, static (w, t) =>
    {
        w.WriteString("id", t.Id);
        w.WriteString("name", t.Name);
        w.WriteString("role", t.Role.ToName());
        w.WriteBoolean("ingest", t.Ingest);
        w.WriteString("created_by", t.CreatedBy);
        WriteTime(w, "expires_at", t.ExpiresAt);
        WriteTime(w, "revoked_at", t.RevokedAt);
    });

    // A set-up link without its hash: whom it is for and until when it works.
    public static string SetupLink(SetupLink link) => Write(link, static (w, l) =>
    {
        w.WriteString("user_id", l.UserId);
        WriteTime(w, "created_at", l.CreatedAt);
        WriteTime(w, "expires_at", l.ExpiresAt);
    });

    // A tenant's limit overrides, sorted by key, so before/after diffs read line by line.
    public static string Limits(IReadOnlyDictionary<string, long> overrides) => Write(overrides, static (w, o) =>
    {
        foreach (var key in o.Keys.Order(StringComparer.Ordinal))
        {
            w.WriteNumber(key, o[key]);
        }
    });

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            writer.WriteString(name, v.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static string Write<T>(T state, Action<Utf8JsonWriter, T> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            body(writer, state);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
