namespace Nines.Ingest.Loki;

/// <summary>
/// Parses a stream's labels in Prometheus selector form, <c>{job="api", level="error"}</c>, as
/// Loki's protobuf push sends them (label values are Go-quoted strings: <c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\t</c>).
/// </summary>
internal static class LokiLabels
{
    /// <exception cref="FormatException">Not a selector of <c>name="value"</c> pairs.</exception>
    public static List<KeyValuePair<string, string>> Parse(string text)
    {
        var labels = new List<KeyValuePair<string, string>>();
        var s = text.AsSpan().Trim();
        if (s.Length < 2 || s[0] != '{' || s[^1] != '}')
        {
            throw new FormatException($"stream labels '{text}' are not of the form {{name=\"value\", …}}");
        }

        var i = 1;
        var end = s.Length - 1;
        while (true)
        {
            while (i < end && (s[i] == ' ' || s[i] == ','))
            {
                i++;
            }

            if (i >= end)
            {
                return labels;
            }

            var nameStart = i;
            while (i < end && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_'))
            {
                i++;
            }

            var name = s[nameStart..i].ToString();
            while (i < end && s[i] == ' ')
            {
                i++;
            }

            if (name.Length == 0 || i + 1 >= end || s[i] != '=' || s[i + 1] != '"')
            {
                throw new FormatException($"stream labels '{text}': expected name=\"value\" at position {i}");
            }

            i += 2;
            var value = new System.Text.StringBuilder();
            while (true)
            {
                if (i >= end)
                {
                    throw new FormatException($"stream labels '{text}': unterminated value of '{name}'");
                }

                var c = s[i++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\' && i < end)
                {
                    c = s[i++] switch
                    {
                        'n' => '\n',
                        't' => '\t',
                        var other => other,
                    };
                }

                value.Append(c);
            }

            labels.Add(new(name, value.ToString()));
        }
    }
}
