using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Nines.Query.Http;

/// <summary>
/// A request's parameters as Go's <c>r.FormValue</c> and <c>r.Form</c> see them: a form body
/// (POST, <c>application/x-www-form-urlencoded</c>) first, then the URL query. Parsing of times and
/// durations follows web/api/v1/api.go (<c>parseTime</c>, <c>parseDuration</c>), including its
/// error messages, which clients show to users.
/// </summary>
internal sealed class ApiParameters
{
    /// <summary>Stands for Prometheus' minTime when no start is given.</summary>
    public const long MinTime = long.MinValue;

    /// <summary>Stands for Prometheus' maxTime when no end is given.</summary>
    public const long MaxTime = long.MaxValue;

    // The RFC 3339 renderings of Prometheus' minTime and maxTime, which client_golang sends for
    // "unbounded" and which Go's time parser cannot read (years beyond 9999).
    private const string MinTimeFormatted = "-292273086-05-16T16:47:06Z";
    private const string MaxTimeFormatted = "292277025-08-18T07:12:54.999999999Z";

    private static readonly string[] RfcFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    private readonly IFormCollection? _form;
    private readonly IQueryCollection _query;

    private ApiParameters(IFormCollection? form, IQueryCollection query)
    {
        _form = form;
        _query = query;
    }

    /// <summary>Reads the form body when there is one.</summary>
    public static async Task<ApiParameters> ReadAsync(HttpRequest request)
    {
        IFormCollection? form = null;
        if (request.HasFormContentType)
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }

        return new ApiParameters(form, request.Query);
    }

    /// <summary>The first value of <paramref name="name"/>, or an empty string.</summary>
    public string Get(string name)
    {
        if (_form is not null && _form.TryGetValue(name, out var posted) && posted.Count > 0)
        {
            return posted[0] ?? "";
        }

        return _query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] ?? "" : "";
    }

    /// <summary>Every value of <paramref name="name"/>: the form's, then the URL's.</summary>
    public List<string> GetAll(string name)
    {
        var all = new List<string>();
        if (_form is not null && _form.TryGetValue(name, out var posted))
        {
            Add(all, posted);
        }

        if (_query.TryGetValue(name, out var values))
        {
            Add(all, values);
        }

        return all;
    }

    /// <summary>A time parameter, <paramref name="fallback"/> when absent (Prometheus' parseTimeParam).</summary>
    /// <exception cref="QueryException">bad_data: <c>invalid parameter "x": Invalid time value for 'x': …</c></exception>
    public long TimeOr(string name, long fallback)
    {
        var text = Get(name);
        if (text.Length == 0)
        {
            return fallback;
        }

        return TryParseTime(text, out var ms)
            ? ms
            : throw Invalid(name, $"Invalid time value for '{name}': cannot parse \"{text}\" to a valid timestamp");
    }

    /// <summary>A required time parameter (Prometheus' parseTime on query_range's start and end).</summary>
    /// <exception cref="QueryException">bad_data: <c>invalid parameter "start": cannot parse "" to a valid timestamp</c></exception>
    public long RequiredTime(string name)
    {
        var text = Get(name);
        return TryParseTime(text, out var ms) ? ms : throw Invalid(name, $"cannot parse \"{text}\" to a valid timestamp");
    }

    /// <summary>A duration in milliseconds: float seconds or a Prometheus duration such as <c>1m30s</c>.</summary>
    /// <exception cref="QueryException">bad_data: <c>invalid parameter "step": cannot parse "x" to a valid duration</c></exception>
    public double Duration(string name)
    {
        var text = Get(name);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds))
        {
            var ns = seconds * 1e9;
            if (ns > long.MaxValue || ns < long.MinValue)
            {
                throw Invalid(name, $"cannot parse \"{text}\" to a valid duration. It overflows int64");
            }

            return seconds * 1000;
        }

        return TryParsePromDuration(text, out var ms) ? ms : throw Invalid(name, $"cannot parse \"{text}\" to a valid duration");
    }

    /// <summary>A non-negative <c>limit</c>; 0 when absent (no limit).</summary>
    /// <exception cref="QueryException">bad_data when not a non-negative integer.</exception>
    public int Limit()
    {
        var text = Get("limit");
        if (text.Length == 0)
        {
            return 0;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var limit))
        {
            throw Invalid("limit", $"cannot parse \"{text}\" to a valid limit");
        }

        return limit >= 0 ? limit : throw Invalid("limit", "limit must be non-negative");
    }

    /// <summary>
    /// Thanos' <c>max_source_resolution</c>: the coarsest downsampled resolution a query may read, in
    /// milliseconds. Absent or <c>auto</c>: null (picked from the step); <c>raw</c>: 0; else a duration (<c>5m</c>, <c>1h</c>, <c>0s</c>).
    /// </summary>
    /// <exception cref="QueryException">bad_data when neither auto, raw nor a non-negative duration.</exception>
    public long? MaxSourceResolution()
    {
        var text = Get("max_source_resolution");
        if (text.Length == 0 || text == "auto")
        {
            return null;
        }

        if (text == "raw")
        {
            return 0;
        }

        if (!TryParsePromDuration(text, out var ms) || ms < 0)
        {
            throw Invalid("max_source_resolution", $"cannot parse \"{text}\": use auto, raw, 5m or 1h");
        }

        return (long)ms;
    }

    /// <summary>The error Prometheus' invalidParamError builds.</summary>
    public static QueryException Invalid(string name, string message) =>
        new(QueryErrorType.BadData, $"invalid parameter \"{name}\": {message}");

    /// <summary>Prometheus' parseTime: float seconds (rounded to ms) or RFC 3339.</summary>
    public static bool TryParseTime(string text, out long ms)
    {
        ms = 0;
        if (text.Length == 0)
        {
            return false;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            if (!double.IsFinite(seconds) || Math.Abs(seconds) > 9.2e15)
            {
                return false;
            }

            // As Go: whole seconds, plus the fraction rounded to milliseconds.
            var whole = Math.Truncate(seconds);
            var fraction = Math.Round((seconds - whole) * 1000, MidpointRounding.AwayFromZero);
            ms = ((long)whole * 1000) + (long)fraction;
            return true;
        }

        if (text == MinTimeFormatted)
        {
            ms = MinTime;
            return true;
        }

        if (text == MaxTimeFormatted)
        {
            ms = MaxTime;
            return true;
        }

        // Go accepts up to nine fractional digits; .NET seven: drop the sub-100ns digits.
        var normalized = TrimFraction(text);
        if (DateTimeOffset.TryParseExact(normalized, RfcFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            ms = time.ToUnixTimeMilliseconds();
            return true;
        }

        return false;
    }

    // Prometheus' model.ParseDuration: units y w d h m s ms, each at most once and in that order.
    private static bool TryParsePromDuration(string text, out double ms)
    {
        ms = 0;
        if (text.Length == 0)
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        ReadOnlySpan<string> units = ["y", "w", "d", "h", "m", "s", "ms"];
        ReadOnlySpan<long> unitMs = [365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000, 1];
        var next = 0;
        var i = 0;
        long total = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length)
            {
                return false;
            }

            var numberEnd = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            var unit = text.AsSpan(numberEnd, i - numberEnd);
            var found = -1;
            for (var u = next; u < units.Length; u++)
            {
                if (unit.SequenceEqual(units[u]))
                {
                    found = u;
                    break;
                }
            }

            if (found < 0 || !long.TryParse(text.AsSpan(start, numberEnd - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return false;
            }

            try
            {
                total = checked(total + checked(n * unitMs[found]));
            }
            catch (OverflowException)
            {
                return false;
            }

            next = found + 1;
        }

        ms = total;
        return true;
    }

    private static string TrimFraction(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return text;
        }

        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end - dot - 1 <= 7 ? text : string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
    }

    private static void Add(List<string> all, StringValues values)
    {
        foreach (var v in values)
        {
            if (v is not null)
            {
                all.Add(v);
            }
        }
    }
}
