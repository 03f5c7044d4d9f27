using Nines.Configuration;

namespace Nines.Tests.Configuration;

public sealed class ConfigSchemaTests
{
    [Theory]
    [InlineData("Listen", "listen")]
    [InlineData("MaxRequestBodyBytes", "max_request_body_bytes")]
    [InlineData("AnonymousIngest", "anonymous_ingest")]
    [InlineData("HTTPPort", "http_port")]
    [InlineData("Ipv6Enabled", "ipv6_enabled")]
    [InlineData("Retention5m", "retention_5m")]
    public void ToSnakeCase_PascalCase_ReturnsSnakeCase(string name, string expected) =>
        Assert.Equal(expected, ConfigSchema.ToSnakeCase(name));

    [Fact]
    public void Nines_EveryOptionsClass_MapsToTheDocumentedKeys()
    {
        var schema = ConfigSchema.Nines;

        Assert.Equal(["data", "server", "store", "auth", "limits", "query", "log", "global", "metrics", "pipeline", "scrape_configs"], schema.Root.Keys);
        Assert.Equal(SettingType.Duration, schema.FindSetting("metrics.retention")!.Type);
        Assert.Equal(SettingType.Int64, schema.FindSetting("metrics.retention_size_bytes")!.Type);
        Assert.Equal(SettingType.Duration, schema.FindSetting("metrics.retention_5m")!.Type);
        Assert.Equal(SettingType.Boolean, schema.FindSetting("metrics.downsampling")!.Type);
        Assert.Equal(SettingType.Int64, schema.FindSetting("server.max_request_body_bytes")!.Type);
        Assert.Equal(SettingType.Boolean, schema.FindSetting("auth.anonymous_ingest")!.Type);
        Assert.Equal(SettingType.Duration, schema.FindSetting("store.busy_timeout")!.Type);
        Assert.True(schema.FindSetting("store.postgres")!.Nullable);
        Assert.False(schema.FindSetting("server.listen")!.Nullable);
        Assert.Equal("NINES_AUTH__ANONYMOUS_INGEST", schema.FindSetting("auth.anonymous_ingest")!.EnvironmentVariable);
    }

    [Fact]
    public void Nines_EverySetting_HasADescription()
    {
        var undocumented = ConfigSchema.Nines.AllSettings.Where(s => string.IsNullOrWhiteSpace(s.Description)).Select(s => s.Path);

        Assert.Empty(undocumented);
    }
}
