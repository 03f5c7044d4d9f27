using System.Globalization;

namespace Nines.Cli;

/// <summary>Plain aligned columns for list verbs: upper-case headers, two spaces between columns.</summary>
internal static class TextTable
{
    /// <summary>Writes <paramref name="rows"/> under <paramref name="headers"/>.</summary>
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        WriteRow(output, headers.Select(h => h.ToUpperInvariant()).ToList(), widths);
        foreach (var row in rows)
        {
            WriteRow(output, row, widths);
        }
    }

    /// <summary>A time as the tables show it: UTC, to the second; "-" for none.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    private static void WriteRow(TextWriter output, IReadOnlyList<string> cells, int[] widths)
    {
        var parts = cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]));
        output.WriteLine(string.Join("  ", parts).TrimEnd());
    }
}
