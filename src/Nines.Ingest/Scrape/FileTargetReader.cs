using Nines.Metrics.Labels;
using YamlDotNet.RepresentationModel;

namespace Nines.Ingest.Scrape;

/// <summary>
/// Reads file_sd files as Prometheus does (discovery/file): a JSON or YAML list of
/// <c>{targets: [...], labels: {...}}</c> groups; each target also gets <c>__meta_filepath</c>.
/// The last path element may be a glob (<c>*</c> and <c>?</c>).
/// </summary>
internal static class FileTargetReader
{
    /// <summary>The files that <paramref name="patterns"/> name now, sorted.</summary>
    public static List<string> Expand(IEnumerable<string> patterns)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            var full = Path.GetFullPath(pattern);
            var dir = Path.GetDirectoryName(full)!;
            var name = Path.GetFileName(full);
            if (name.AsSpan().IndexOfAny('*', '?') < 0)
            {
                if (File.Exists(full))
                {
                    files.Add(full);
                }

                continue;
            }

            if (Directory.Exists(dir))
            {
                foreach (var f in Directory.EnumerateFiles(dir, name, new EnumerationOptions { MatchType = MatchType.Simple, RecurseSubdirectories = false }))
                {
                    files.Add(f);
                }
            }
        }

        return [.. files];
    }

    /// <summary>The groups in <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">The file is not a list of target groups.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static List<TargetGroup> Read(string path)
    {
        var text = File.ReadAllText(path);
        var stream = new YamlStream();
        try
        {
            // JSON is (for these files) a subset of YAML, so one reader serves both.
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FormatException($"{path}: {e.Message}", e);
        }

        var groups = new List<TargetGroup>();
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return groups;
        }

        if (stream.Documents[0].RootNode is not YamlSequenceNode list)
        {
            throw new FormatException($"{path}: expected a list of target groups ([{{\"targets\": [...], \"labels\": {{...}}}}])");
        }

        foreach (var item in list)
        {
            if (item is not YamlMappingNode map)
            {
                throw new FormatException($"{path}:{item.Start.Line}: expected a target group with targets and labels");
            }

            var targets = new List<string>();
            var labels = new List<Label> { new("__meta_filepath", path) };
            foreach (var (k, v) in map.Children)
            {
                var key = (k as YamlScalarNode)?.Value;
                if (key == "targets" && v is YamlSequenceNode ts)
                {
                    targets.AddRange(ts.OfType<YamlScalarNode>().Select(t => t.Value ?? ""));
                }
                else if (key == "labels" && v is YamlMappingNode ls)
                {
                    foreach (var (lk, lv) in ls.Children)
                    {
                        var name = (lk as YamlScalarNode)?.Value ?? "";
                        if (!LabelSetBuilder.IsValidLabelName(name))
                        {
                            throw new FormatException($"{path}:{lk.Start.Line}: '{name}' is not a valid label name");
                        }

                        labels.Add(new Label(name, (lv as YamlScalarNode)?.Value ?? ""));
                    }
                }
                else
                {
                    throw new FormatException($"{path}:{k.Start.Line}: unexpected '{key}' (a target group has targets and labels)");
                }
            }

            groups.Add(new TargetGroup(targets, labels));
        }

        return groups;
    }
}
