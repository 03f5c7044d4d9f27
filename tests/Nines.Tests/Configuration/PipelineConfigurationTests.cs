using System.Collections;
using Nines.Configuration;

namespace Nines.Tests.Configuration;

public sealed class PipelineConfigurationTests
{
    private static ConfigResult Bind(string yaml) => NinesConfiguration.Bind(yaml, "nines.yaml", new Hashtable(), []);

    [Fact]
    public void Bind_FullPipelineSection_BoundIntoIngestOptions()
    {
        var result = Bind("""
            pipeline:
              redaction:
                emails: false
                deny_keys: [ssn, x-internal-auth]
                rules:
                  - name: iban
                    pattern: 'DE\d{20}'
                    replacement: 'DE**'
              head_sampling:
                default_probability: 0.5
                services: { checkout: 0.25, healthcheck: 0 }
              tail_sampling:
                enabled: true
                decision_wait: 5s
                probability: 0.2
              log_sampling:
                keep_all_from_severity: 17
                default_ratio: 0.5
                services:
                  chatty: { ratio: 0.1, max_per_second: 500 }
            """);

        Assert.Empty(result.Errors);
        var ingest = result.Options!.Pipeline.ToIngest();
        Assert.False(ingest.Redaction.Emails);
        Assert.Equal(["ssn", "x-internal-auth"], ingest.Redaction.DenyKeys);
        var rule = Assert.Single(ingest.Redaction.Rules);
        Assert.Equal(("iban", @"DE\d{20}", "DE**"), (rule.Name, rule.Pattern, rule.Replacement));
        Assert.Equal(0.5, ingest.HeadSampling.DefaultProbability);
        Assert.Equal(0.25, ingest.HeadSampling.Services["checkout"]);
        Assert.Equal(0, ingest.HeadSampling.Services["healthcheck"]);
        Assert.True(ingest.TailSamplingEnabled);
        Assert.Equal((TimeSpan.FromSeconds(5), 0.2), (ingest.TailSampling.DecisionWait, ingest.TailSampling.Probability));
        Assert.Equal(17, ingest.LogSampling.KeepAllFromSeverity);
        Assert.Equal(0.5, ingest.LogSampling.Default.Ratio);
        Assert.Equal((0.1, 500), (ingest.LogSampling.Services["chatty"].Ratio, ingest.LogSampling.Services["chatty"].MaxPerSecond));
    }

    [Fact]
    public void Bind_Defaults_RedactEverythingBuiltInAndSampleNothing()
    {
        var ingest = Bind("").Options!.Pipeline.ToIngest();

        Assert.True(ingest.Redaction.Enabled && ingest.Redaction.Emails && ingest.Redaction.PaymentCards && ingest.Redaction.BearerTokens && ingest.Redaction.UrlPasswords);
        Assert.Equal(1.0, ingest.HeadSampling.DefaultProbability);
        Assert.False(ingest.TailSamplingEnabled);
        Assert.Equal(1.0, ingest.LogSampling.Default.Ratio);
    }

    [Fact]
    public void Bind_ServiceProbabilityOutOfRange_PointsAtTheValue()
    {
        var error = Assert.Single(Bind("pipeline:\n  head_sampling:\n    services: { checkout: 1.5 }\n").Errors);

        Assert.Equal(("pipeline.head_sampling.services.checkout", 3), (error.Key, error.Line));
        Assert.Contains("from 0 to 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_RuleWithLookahead_RefusedWithItsName()
    {
        var error = Assert.Single(Bind("pipeline:\n  redaction:\n    rules:\n      - name: pin\n        pattern: '(?=x)\\d{4}'\n").Errors);

        Assert.Equal(("pipeline.redaction.rules[0]", 4), (error.Key, error.Line));
        Assert.Contains("'pin'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_DefaultProbabilityOutOfRange_NamesTheSetting()
    {
        var error = Assert.Single(Bind("pipeline:\n  head_sampling:\n    default_probability: 2\n").Errors);

        Assert.Equal("pipeline.head_sampling", error.Key);
        Assert.Contains("default_probability must be between 0 and 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_UnknownLogRuleKey_ListsTheValidOnes()
    {
        var error = Assert.Single(Bind("pipeline:\n  log_sampling:\n    services:\n      chatty: { rate: 3 }\n").Errors);

        Assert.Equal("pipeline.log_sampling.services.chatty.rate", error.Key);
        Assert.Contains("valid keys: ratio, max_per_second", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_TenantOverrides_OnlyWrittenKeysReplaceTheGlobalOnes()
    {
        var result = Bind("""
            pipeline:
              tail_sampling:
                decision_wait: 5s
                probability: 0.2
              log_sampling:
                default_ratio: 0.5
              tenants:
                team-a:
                  tail_sampling:
                    enabled: true
                    probability: 0.05
                  head_sampling:
                    services: { checkout: 0.25 }
                team-b:
                  log_sampling:
                    keep_all_from_severity: 17
            """);

        Assert.Empty(result.Errors);
        var ingest = result.Options!.Pipeline.ToIngest();
        Assert.False(ingest.TailSamplingEnabled);
        var a = ingest.For("team-a");
        Assert.True(a.TailSamplingEnabled);
        Assert.Equal((TimeSpan.FromSeconds(5), 0.05), (a.TailSampling.DecisionWait, a.TailSampling.Probability));
        Assert.Equal((1.0, 0.25), (a.HeadSampling.DefaultProbability, a.HeadSampling.Services["checkout"]));
        Assert.Equal(0.5, a.LogSampling.Default.Ratio);
        var b = ingest.For("team-b");
        Assert.Equal((17, 0.5), (b.LogSampling.KeepAllFromSeverity, b.LogSampling.Default.Ratio));
        Assert.False(b.TailSamplingEnabled);
        Assert.Same(ingest.TailSampling, b.TailSampling);
        Assert.Same(ingest, ingest.For("team-c"));
    }

    [Fact]
    public void Bind_TenantOverrideUnknownKey_NamesTheFullKeyAndLine()
    {
        var error = Assert.Single(Bind("pipeline:\n  tenants:\n    team-a:\n      tail_sampling:\n        probabilty: 0.1\n").Errors);

        Assert.Equal(("pipeline.tenants.team-a.tail_sampling.probabilty", 5), (error.Key, error.Line));
        Assert.Contains("did you mean 'probability'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_TenantOverrideOutOfRange_NamesTheTenantSection()
    {
        var error = Assert.Single(Bind("pipeline:\n  tenants:\n    team-a:\n      tail_sampling:\n        probability: 3\n").Errors);

        Assert.Equal("pipeline.tenants.team-a.tail_sampling", error.Key);
        Assert.Contains("between 0 and 1", error.Message, StringComparison.Ordinal);
    }
}
