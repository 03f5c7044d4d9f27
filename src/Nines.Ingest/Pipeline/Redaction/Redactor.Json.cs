using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Nines.Ingest.Pipeline.Redaction;

internal sealed partial class Redactor
{
    // The OTLP translators write attributes with relaxed escaping; writing back the same way keeps
    // unchanged text byte-identical apart from the redacted values.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Redacts an attributes JSON object as the OTLP translators write it (span and log attributes,
    /// resource, span events): values of denied keys at any depth become <see cref="DeniedKeyReplacement"/>,
    /// string values are redacted as text. Text that is not JSON is redacted as text.
    /// </summary>
    /// <remarks>
    /// The raw text is checked first with the same prefilters (and every deny key as a substring), so
    /// clean attributes are not parsed and nothing is allocated. A user rule whose match depends on a
    /// JSON-escaped character (a quote or backslash) can be missed by that check.
    /// </remarks>
    public bool TryRedactJson(string? json, out string? redacted)
    {
        redacted = json;
        if (!_enabled || string.IsNullOrEmpty(json) || !MightRedact(json))
        {
            return false;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            var changedText = TryRedact(json, out var text);
            redacted = text;
            return changedText;
        }

        if (root is null || !Walk(root, out var replacement))
        {
            return false;
        }

        redacted = (replacement ?? root).ToJsonString(JsonOptions);
        return true;
    }

    private bool MightRedact(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAny(_denyKeyPrefilter) >= 0)
        {
            return true;
        }

        foreach (var rule in _rules)
        {
            if (rule.Prefilter is not null ? text.IndexOfAny(rule.Prefilter) >= 0 : rule.Regex.IsMatch(text))
            {
                return true;
            }
        }

        return _cards && PaymentCardScanner.Next(text, 0, out _) >= 0;
    }

    /// <summary>True when something changed; <paramref name="replacement"/> is set when the node itself must be replaced.</summary>
    private bool Walk(JsonNode node, out JsonNode? replacement)
    {
        replacement = null;
        switch (node)
        {
            case JsonObject obj:
            {
                var changed = false;
                foreach (var (key, value) in obj.ToArray())
                {
                    if (IsDeniedKey(key))
                    {
                        Interlocked.Increment(ref _counts[_keySlot]);
                        obj[key] = DeniedKeyReplacement;
                        changed = true;
                    }
                    else if (value is not null && Walk(value, out var child))
                    {
                        if (child is not null)
                        {
                            obj[key] = child;
                        }

                        changed = true;
                    }
                }

                return changed;
            }

            case JsonArray array:
            {
                var changed = false;
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item && Walk(item, out var child))
                    {
                        if (child is not null)
                        {
                            array[i] = child;
                        }

                        changed = true;
                    }
                }

                return changed;
            }

            case JsonValue value when value.GetValueKind() == JsonValueKind.String && TryRedact(value.GetValue<string>(), out var text):
                replacement = JsonValue.Create(text);
                return true;

            default:
                return false;
        }
    }

    private static SearchValues<string> DenyKeyPrefilter(string[] keys)
    {
        // IsDeniedKey treats '-' and '_' alike, so the raw-text check looks for both spellings.
        var variants = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in keys)
        {
            variants.Add(key);
            variants.Add(key.Replace('-', '_'));
            variants.Add(key.Replace('_', '-'));
        }

        return SearchValues.Create([.. variants], StringComparison.OrdinalIgnoreCase);
    }
}
