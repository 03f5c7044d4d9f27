using System.Text;
using System.Text.RegularExpressions;
using Nines.Metrics.Labels;

namespace Nines.Query.Engine;

internal sealed partial class Evaluator
{
    private string StringArg(Parser.Expr e) => ((StringValue)Eval(e)).Value;

    /// <summary>label_replace (functions.go): when the anchored regex matches src, dst becomes the expanded replacement (empty deletes it).</summary>
    private VectorValue LabelReplace(Parser.Call c)
    {
        var vec = (VectorValue)Eval(c.Args[0]);
        var dst = StringArg(c.Args[1]);
        var replacement = StringArg(c.Args[2]);
        var src = StringArg(c.Args[3]);
        var regexText = StringArg(c.Args[4]);
        Regex regex;
        // Named groups become unnamed so .NET numbers every group as Go does.
        var groupNames = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            regex = new Regex("^(?:" + Nines.Metrics.Index.Matcher.FromGoSyntax(regexText, groupNames) + ")$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (ArgumentException)
        {
            throw new QueryException(QueryErrorType.Execution, "invalid regular expression in label_replace(): " + regexText);
        }
        catch (NotSupportedException)
        {
            throw new QueryException(QueryErrorType.Execution, "invalid regular expression in label_replace(): " + regexText);
        }

        if (!LabelSetBuilder.IsValidLabelName(dst))
        {
            throw new QueryException(QueryErrorType.Execution, "invalid destination label name in label_replace(): " + dst);
        }

        var output = new List<StepSeries>(vec.Series.Count);
        foreach (var s in vec.Series)
        {
            var match = regex.Match(s.Labels.Get(src));
            if (!match.Success)
            {
                output.Add(s);
                continue;
            }

            var value = Expand(groupNames, replacement, match);
            output.Add(new StepSeries(WithLabel(s.Labels, dst, value), s.Values, s.Present));
        }

        return Dedupe(output);
    }

    /// <summary>label_join: dst becomes the src values joined by the separator (empty deletes it).</summary>
    private VectorValue LabelJoin(Parser.Call c)
    {
        var vec = (VectorValue)Eval(c.Args[0]);
        var dst = StringArg(c.Args[1]);
        var sep = StringArg(c.Args[2]);
        var srcs = new List<string>();
        for (var i = 3; i < c.Args.Count; i++)
        {
            var src = StringArg(c.Args[i]);
            if (!LabelSetBuilder.IsValidLabelName(src))
            {
                throw new QueryException(QueryErrorType.Execution, "invalid source label name in label_join(): " + src);
            }

            srcs.Add(src);
        }

        if (!LabelSetBuilder.IsValidLabelName(dst))
        {
            throw new QueryException(QueryErrorType.Execution, "invalid destination label name in label_join(): " + dst);
        }

        var output = new List<StepSeries>(vec.Series.Count);
        foreach (var s in vec.Series)
        {
            var sb = new StringBuilder();
            for (var i = 0; i < srcs.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(sep);
                }

                sb.Append(s.Labels.Get(srcs[i]));
            }

            output.Add(new StepSeries(WithLabel(s.Labels, dst, sb.ToString()), s.Values, s.Present));
        }

        return Dedupe(output);
    }

    private static LabelSet WithLabel(LabelSet labels, string name, string value)
    {
        var b = new LabelSetBuilder();
        foreach (var l in labels)
        {
            if (l.Name != name)
            {
                b.Add(l.Name, l.Value);
            }
        }

        if (value.Length != 0)
        {
            b.Add(name, value);
        }

        try
        {
            // Prometheus writes any text into __name__ here ("a-b" included); only names are checked.
            return b.Build(anyMetricName: true);
        }
        catch (ArgumentException ex)
        {
            throw new QueryException(QueryErrorType.Execution, ex.Message, inner: ex);
        }
    }

    /// <summary>
    /// Go's Regexp.ExpandString: $1, ${1}, $name, ${name}; a name is the longest run of letters,
    /// digits and '_' ($1x means group "1x"), $$ is a dollar, a malformed reference stays literal.
    /// </summary>
    internal static string Expand(IReadOnlyDictionary<string, int> groupNames, string template, Match match)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var dollar = template.IndexOf('$', i);
            if (dollar < 0)
            {
                break;
            }

            sb.Append(template, i, dollar - i);
            i = dollar + 1;
            if (i < template.Length && template[i] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }

            var brace = i < template.Length && template[i] == '{';
            var p = brace ? i + 1 : i;
            var nameStart = p;
            while (p < template.Length && (char.IsLetterOrDigit(template[p]) || template[p] == '_'))
            {
                p++;
            }

            if (p == nameStart || (brace && (p >= template.Length || template[p] != '}')))
            {
                sb.Append('$');
                continue;
            }

            var name = template[nameStart..p];
            i = brace ? p + 1 : p;
            var num = -1;
            if (name.All(char.IsAsciiDigit) && name.Length < 9 && !(name[0] == '0' && name.Length > 1))
            {
                num = int.Parse(name, System.Globalization.CultureInfo.InvariantCulture);
            }

            Group? g = null;
            if (num >= 0)
            {
                if (num < match.Groups.Count)
                {
                    g = match.Groups[num];
                }
            }
            else if (groupNames.TryGetValue(name, out var named) && named < match.Groups.Count)
            {
                g = match.Groups[named];
            }

            if (g is { Success: true })
            {
                sb.Append(g.Value);
            }
        }

        if (i < template.Length)
        {
            sb.Append(template, i, template.Length - i);
        }

        return sb.ToString();
    }
}
