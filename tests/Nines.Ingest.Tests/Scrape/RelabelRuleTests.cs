using Nines.Ingest.Scrape;
using Nines.Metrics.Labels;

namespace Nines.Ingest.Tests.Scrape;

public class RelabelRuleTests
{
    [Fact]
    public void Process_DefaultReplace_CopiesSourceToTarget()
    {
        var result = Run(["__address__", "10.0.0.1:9100"], new RelabelConfig { TargetLabel = "host", SourceLabels = { "__address__" } });
        Assert.Equal("__address__=10.0.0.1:9100,host=10.0.0.1:9100", result);
    }

    [Fact]
    public void Process_ReplaceWithGroupsAndSeparator_ExpandsLikeGoExpand()
    {
        var config = new RelabelConfig
        {
            SourceLabels = { "a", "b" },
            Separator = "-",
            Regex = "(?P<first>[^-]*)-(.*)",
            TargetLabel = "out_${first}",
            Replacement = "$2/${first}/$$/$1x/${1}x/$9",
        };
        var result = Run(["a", "x", "b", "y"], config);

        // $1x is the (missing) group named "1x": empty, as in Go; $9 does not exist: empty.
        Assert.Equal("a=x,b=y,out_x=y/x/$//xx/", result);
    }

    [Fact]
    public void Process_ReplaceNamedGroupBeforeUnnamed_NumbersGroupsAsGo()
    {
        var config = new RelabelConfig { SourceLabels = { "a" }, Regex = "(?P<n>.)(.)", TargetLabel = "t", Replacement = "$1|$2|$n" };
        Assert.Equal("a=xy,t=x|y|x", Run(["a", "xy"], config));
    }

    [Fact]
    public void Process_ReplaceWithoutMatch_ChangesNothing()
    {
        var config = new RelabelConfig { SourceLabels = { "a" }, Regex = "b", TargetLabel = "t", Replacement = "z" };
        Assert.Equal("a=ab", Run(["a", "ab"], config));
    }

    [Fact]
    public void Process_ReplaceToEmpty_RemovesTarget()
    {
        var config = new RelabelConfig { SourceLabels = { "missing" }, TargetLabel = "a" };
        Assert.Equal("b=2", Run(["a", "1", "b", "2"], config));
    }

    [Fact]
    public void Process_RegexIsAnchored_PartialMatchDoesNotCount()
    {
        var keep = new RelabelConfig { SourceLabels = { "job" }, Regex = "api", Action = RelabelAction.Keep };
        Assert.Null(Run(["job", "api-server"], keep));
        Assert.Equal("job=api", Run(["job", "api"], keep));
    }

    [Fact]
    public void Process_DotDoesNotMatchNewline_AsInGo()
    {
        var drop = new RelabelConfig { SourceLabels = { "v" }, Regex = ".*", Action = RelabelAction.Drop };
        Assert.Equal("v=a\n", Run(["v", "a\n"], drop));
    }

    [Fact]
    public void Process_KeepEqualAndDropEqual_CompareWithTargetLabel()
    {
        var keepEqual = new RelabelConfig { SourceLabels = { "__meta_port" }, TargetLabel = "port", Action = RelabelAction.KeepEqual };
        Assert.NotNull(Run(["__meta_port", "80", "port", "80"], keepEqual));
        Assert.Null(Run(["__meta_port", "80", "port", "81"], keepEqual));
        var dropEqual = new RelabelConfig { SourceLabels = { "__meta_port" }, TargetLabel = "port", Action = RelabelAction.DropEqual };
        Assert.Null(Run(["__meta_port", "80", "port", "80"], dropEqual));
    }

    [Theory]
    [InlineData("foo", 10UL, "6")]
    [InlineData("10.0.0.1:9100", 1000UL, "645")]
    public void Process_HashMod_MatchesPrometheusMd5Modulus(string value, ulong modulus, string expected)
    {
        var config = new RelabelConfig { SourceLabels = { "v" }, Modulus = modulus, TargetLabel = "shard", Action = RelabelAction.HashMod };
        Assert.Equal($"shard={expected},v={value}", Run(["v", value], config));
    }

    [Fact]
    public void Process_HashModOverSeveralSources_HashesTheJoinedValue()
    {
        var config = new RelabelConfig { SourceLabels = { "a", "b" }, Modulus = 1000, TargetLabel = "shard", Action = RelabelAction.HashMod };
        Assert.Equal("a=a,b=b,shard=74", Run(["a", "a", "b", "b"], config));
    }

    [Fact]
    public void Process_LabelMap_CopiesMatchingLabelsUnderNewNames()
    {
        var config = new RelabelConfig { Regex = "__meta_kubernetes_pod_label_(.+)", Action = RelabelAction.LabelMap };
        var result = Run(["__meta_kubernetes_pod_label_app", "web", "__meta_kubernetes_pod_label_tier", "front", "job", "k"], config);
        Assert.Equal("__meta_kubernetes_pod_label_app=web,__meta_kubernetes_pod_label_tier=front,app=web,job=k,tier=front", result);
    }

    [Fact]
    public void Process_LabelDropAndLabelKeep_FilterByName()
    {
        Assert.Equal("job=x", Run(["job", "x", "tmp_a", "1", "tmp_b", "2"], new RelabelConfig { Regex = "tmp_.*", Action = RelabelAction.LabelDrop }));
        Assert.Equal("tmp_a=1,tmp_b=2", Run(["job", "x", "tmp_a", "1", "tmp_b", "2"], new RelabelConfig { Regex = "tmp_.*", Action = RelabelAction.LabelKeep }));
    }

    [Fact]
    public void Process_LowercaseAndUppercase_SetTargetFromJoinedSources()
    {
        Assert.Equal("a=MiXeD,l=mixed", Run(["a", "MiXeD"], new RelabelConfig { SourceLabels = { "a" }, TargetLabel = "l", Action = RelabelAction.Lowercase }));
        Assert.Equal("a=MiXeD,u=MIXED", Run(["a", "MiXeD"], new RelabelConfig { SourceLabels = { "a" }, TargetLabel = "u", Action = RelabelAction.Uppercase }));
    }

    [Fact]
    public void Process_RulesInOrder_LaterRulesSeeEarlierResults()
    {
        var rules = new[]
        {
            new RelabelConfig { SourceLabels = { "__address__" }, Regex = "([^:]+):.*", TargetLabel = "host" },
            new RelabelConfig { SourceLabels = { "host" }, Regex = "db-.*", Action = RelabelAction.Drop },
        };
        Assert.Equal("__address__=web-1:80,host=web-1", Run(["__address__", "web-1:80"], rules));
        Assert.Null(Run(["__address__", "db-1:80"], rules));
    }

    [Theory]
    [InlineData(RelabelAction.Replace, "", 0UL, "target_label")]
    [InlineData(RelabelAction.Replace, "1abc", 0UL, "target_label")]
    [InlineData(RelabelAction.HashMod, "t", 0UL, "modulus")]
    [InlineData(RelabelAction.Lowercase, "$1", 0UL, "target_label")]
    public void Validate_BadConfig_NamesTheKey(RelabelAction action, string target, ulong modulus, string key)
    {
        var errors = RelabelRule.Validate(new RelabelConfig { Action = action, TargetLabel = target, Modulus = modulus });
        Assert.Contains(errors, e => e.Key == key);
    }

    [Fact]
    public void Validate_BadRegex_NamesTheRegex()
    {
        var errors = RelabelRule.Validate(new RelabelConfig { Regex = "(unclosed", TargetLabel = "t" });
        Assert.Contains(errors, e => e.Key == "regex" && e.Message.Contains("(unclosed", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LabelDropWithTarget_IsRefused()
    {
        var errors = RelabelRule.Validate(new RelabelConfig { Action = RelabelAction.LabelDrop, TargetLabel = "x" });
        Assert.Contains(errors, e => e.Key == "action");
    }

    private static string? Run(string[] pairs, params RelabelConfig[] configs)
    {
        var labels = new List<Label>();
        for (var i = 0; i < pairs.Length; i += 2)
        {
            labels.Add(new Label(pairs[i], pairs[i + 1]));
        }

        if (!RelabelRule.Process(RelabelRule.CreateAll(configs), labels))
        {
            return null;
        }

        return string.Join(",", labels.OrderBy(l => l.Name, StringComparer.Ordinal).Select(l => l.Name + "=" + l.Value));
    }
}
