using System.Collections;
using System.Reflection;
using Nines.Configuration;

namespace Nines.Tests.Configuration;

public sealed class ConfigDocsTests
{
    [Fact]
    public void Render_CommittedReference_MatchesGeneratedOutput()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "configuration.md");
        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "(missing)";

        Assert.True(
            committed == ConfigDocs.Render(),
            "docs/configuration.md is out of date with the options classes. Regenerate it from the repository root with:\n" +
            "  dotnet run --project src/Nines -- config docs > docs/configuration.md");
    }

    [Fact]
    public void Render_EverySetting_HasARowWithDefaultAndVariable()
    {
        var markdown = ConfigDocs.Render();

        foreach (var setting in ConfigSchema.Nines.AllSettings)
        {
            Assert.Contains($"| `{setting.Name}` |", markdown, StringComparison.Ordinal);
            Assert.Contains($"`{setting.EnvironmentVariable}`", markdown, StringComparison.Ordinal);
        }

        Assert.Contains("| `shutdown_timeout` | duration | `30s` | `NINES_SERVER__SHUTDOWN_TIMEOUT` |", markdown, StringComparison.Ordinal);
        Assert.Contains("| `postgres` | string | *(unset)* | `NINES_STORE__POSTGRES` |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ExampleYaml_InTheReference_LoadsWithoutErrors()
    {
        var result = NinesConfiguration.Bind(ConfigDocs.ExampleYaml, "example", new Hashtable());

        Assert.Empty(result.Errors);
        Assert.Equal("0.0.0.0:9999", result.Options!.Server.Listen);
    }

    private static string RepositoryRoot() =>
        typeof(ConfigDocsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
}
