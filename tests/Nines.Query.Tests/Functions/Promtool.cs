using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Nines.Query.Tests.Functions;

/// <summary>
/// Runs <c>promtool test rules</c> on generated rule unit tests whose expected samples are left empty:
/// promtool then prints what Prometheus really computed ("got: …"), which is parsed back.
/// </summary>
internal static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    /// <summary>
    /// Evaluates every expression at its time. Keys are "expr@duration" with the expression as Go's %q
    /// prints it; a missing key means an empty result. Values are the samples printed ("{labels} value"),
    /// or the error text prefixed with "err: ".
    /// </summary>
    public static Dictionary<string, List<string>> Evaluate(string testFileYaml, TimeSpan timeout)
    {
        string dir = Directory.CreateTempSubdirectory("nines-promtool-").FullName;
        try
        {
            string file = System.IO.Path.Combine(dir, "diff.yml");
            File.WriteAllText(file, testFileYaml);
            var psi = new ProcessStartInfo(Path)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = dir,
            };
            psi.ArgumentList.Add("test");
            psi.ArgumentList.Add("rules");
            psi.ArgumentList.Add(file);
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"promtool did not finish within {timeout}");
            }

            string output = stdout.Result + "\n" + stderr.Result;

            // NINES_PROMTOOL_DUMP=dir keeps the generated test and promtool's answer for debugging.
            string? dump = Environment.GetEnvironmentVariable("NINES_PROMTOOL_DUMP");
            if (!string.IsNullOrEmpty(dump))
            {
                Directory.CreateDirectory(dump);
                File.Copy(file, System.IO.Path.Combine(dump, "diff.yml"), overwrite: true);
                File.WriteAllText(System.IO.Path.Combine(dump, "promtool.out"), output);
            }

            return Parse(output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// prometheus/common model.Duration.String() for whole seconds under a day, as promtool prints eval
    /// times: zero components left out ("10m", "7m37s", "1h"), "0s" for zero.
    /// </summary>
    public static string GoDuration(long seconds)
    {
        if (seconds == 0)
        {
            return "0s";
        }

        long h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60;
        var text = new StringBuilder();
        if (h > 0)
        {
            text.Append(h).Append('h');
        }

        if (m > 0)
        {
            text.Append(m).Append('m');
        }

        if (s > 0)
        {
            text.Append(s).Append('s');
        }

        return text.ToString();
    }

    /// <summary>Formats a double so that both the series notation and the PromQL lexer read it back exactly.</summary>
    public static string Literal(double v)
    {
        if (double.IsNaN(v))
        {
            return "NaN";
        }

        if (double.IsInfinity(v))
        {
            return v > 0 ? "Inf" : "-Inf";
        }

        return v.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Reads a value as Go's strconv.FormatFloat(v, 'E', -1, 64) wrote it.</summary>
    public static double ParseValue(string s) => s switch
    {
        "NaN" => double.NaN,
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static Dictionary<string, List<string>> Parse(string output)
    {
        var results = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string[] lines = output.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (!line.StartsWith("expr: \"", StringComparison.Ordinal))
            {
                continue;
            }

            int exprEnd = line.IndexOf("\", time: ", StringComparison.Ordinal);
            string expr = line[7..exprEnd];
            string rest = line[(exprEnd + 9)..];
            int comma = rest.IndexOf(',', StringComparison.Ordinal);
            string time = rest[..comma];
            string key = expr + "@" + time;
            string tail = rest[(comma + 1)..].Trim();
            if (tail.StartsWith("err: ", StringComparison.Ordinal))
            {
                results[key] = [tail];
                continue;
            }

            // Next lines: "exp: nil" then "got: {labels} value, {labels} value".
            string got = lines[i + 2].Trim();
            if (!got.StartsWith("got: ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Unexpected promtool output: " + got);
            }

            results[key] = [.. SplitSamples(got[5..])];
        }

        return results;
    }

    private static IEnumerable<string> SplitSamples(string got)
    {
        // Samples are "{…} value" joined by ", "; commas inside braces belong to label sets.
        var current = new StringBuilder();
        int depth = 0;
        foreach (char c in got)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth--;
            }

            if (c == ',' && depth == 0)
            {
                yield return current.ToString().Trim();
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        if (current.Length > 0)
        {
            yield return current.ToString().Trim();
        }
    }
}
