using System.Collections;
using Nines.Configuration;

namespace Nines.Tests.Configuration;

public sealed class NinesConfigurationTests
{
    private const string File = "nines.yaml";

    [Fact]
    public void Bind_EmptyFile_ReturnsDefaults()
    {
        var result = Bind("");

        Assert.Empty(result.Errors);
        var options = result.Options!;
        Assert.Equal("./nines-data", options.Data);
        Assert.Equal("127.0.0.1:9999", options.Server.Listen);
        Assert.Equal(1024 * 1024, options.Server.MaxRequestBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Server.ShutdownTimeout);
        Assert.Null(options.Store.Postgres);
        Assert.False(options.Auth.AnonymousIngest);
        Assert.Equal(10, options.Auth.LoginAttempts);
        Assert.Equal("information", options.Log.Level);
    }

    [Theory]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    [InlineData("~\n")]
    [InlineData("server:\nlog:\n")]
    public void Bind_NothingSet_ReturnsDefaults(string yaml)
    {
        var result = Bind(yaml);

        Assert.Empty(result.Errors);
        Assert.Equal("127.0.0.1:9999", result.Options!.Server.Listen);
    }

    [Fact]
    public void Bind_EveryKindOfValue_BindsIt()
    {
        var result = Bind("""
            data: /var/lib/nines
            server:
              listen: "[::1]:8080"
              public_url: https://nines.example.com
              max_request_body_bytes: 2048
              shutdown_timeout: 1h30m
            store:
              postgres: Host=db;Username=nines;Database=nines
            auth:
              anonymous_ingest: true
              login_attempts: 3
            log:
              level: debug
              format: text
            """);

        Assert.Empty(result.Errors);
        var options = result.Options!;
        Assert.Equal("/var/lib/nines", options.Data);
        Assert.Equal("[::1]:8080", options.Server.Listen);
        Assert.Equal("https://nines.example.com", options.Server.PublicUrl);
        Assert.Equal(2048, options.Server.MaxRequestBodyBytes);
        Assert.Equal(TimeSpan.FromMinutes(90), options.Server.ShutdownTimeout);
        Assert.Equal("Host=db;Username=nines;Database=nines", options.Store.Postgres);
        Assert.True(options.Auth.AnonymousIngest);
        Assert.Equal(3, options.Auth.LoginAttempts);
        Assert.Equal("debug", options.Log.Level);
        Assert.Equal("text", options.Log.Format);
    }

    [Fact]
    public void Bind_UnknownKey_PointsAtKeyAndSuggestsClosest()
    {
        var result = Bind("""
            server:
              listen: 127.0.0.1:9999
              lisen: 0.0.0.0:1
            """);

        var error = Assert.Single(result.Errors);
        Assert.Null(result.Options);
        Assert.Equal(
            "nines.yaml:3:3: server.lisen: unknown key 'lisen' in section 'server'; did you mean 'listen'? " +
            "valid keys: listen, otlp_grpc_listen, otlp_http_listen, public_url, max_request_body_bytes, shutdown_timeout",
            error.ToString());
    }

    [Fact]
    public void Bind_UnknownTopLevelKeyWithNoCloseMatch_ListsValidKeysOnly()
    {
        var error = Assert.Single(Bind("colour: red\n").Errors);

        Assert.Equal((1, 1), (error.Line, error.Column));
        Assert.Equal("unknown key 'colour' at the top level; valid keys: data, server, store, auth, limits, query, log, global, metrics, pipeline, scrape_configs", error.Message);
    }

    [Fact]
    public void Bind_MetricsRetention_BoundIntoOptions()
    {
        var result = Bind("metrics:\n  retention: 30d\n  retention_size_bytes: 1000000000\n  dense_compacted_blocks: false\n  max_exemplars: 5000\n");

        Assert.Empty(result.Errors);
        var metrics = result.Options!.Metrics;
        Assert.Equal((TimeSpan.FromDays(30), 1_000_000_000L, false, 5000), (metrics.Retention, metrics.RetentionSizeBytes, metrics.DenseCompactedBlocks, metrics.MaxExemplars));
    }

    [Fact]
    public void Bind_MetricsDownsampling_BoundIntoOptions()
    {
        var result = Bind("metrics:\n  downsampling: false\n  retention_5m: 30d\n  retention_1h: 2y\n");

        Assert.Empty(result.Errors);
        var metrics = result.Options!.Metrics;
        Assert.Equal((false, TimeSpan.FromDays(30), TimeSpan.FromDays(730)), (metrics.Downsampling, metrics.Retention5m, metrics.Retention1h));
    }

    [Theory]
    [InlineData("metrics:\n  retention: 30d\n  retention_5m: 7d\n", 30, 365)]
    [InlineData("metrics:\n  retention: 180d\n", 180, 365)]
    [InlineData("metrics:\n  retention: 400d\n", 400, 400)]
    [InlineData("metrics:\n  retention: 30d\n  retention_5m: 60d\n  retention_1h: 45d\n", 60, 60)]
    public void Bind_DownsampledRetentionShorterThanRaw_IsRaisedNotRefused(string yaml, int days5m, int days1h)
    {
        // A long raw retention (an upgrade from before downsampling) must still start: downsampled
        // data simply lives at least as long as the data it summarises.
        var result = Bind(yaml);

        Assert.Empty(result.Errors);
        var metrics = result.Options!.Metrics;
        Assert.Equal((TimeSpan.FromDays(days5m), TimeSpan.FromDays(days1h)), (metrics.EffectiveRetention5m, metrics.EffectiveRetention1h));
    }

    [Fact]
    public void Bind_MetricsBlockRangeTooShort_NamesTheSetting()
    {
        var error = Assert.Single(Bind("metrics:\n  block_range: 10s\n").Errors);

        Assert.Equal("metrics.block_range", error.Key);
        Assert.Contains("from 1m to 1d", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_QuerySection_BoundIntoQueryModuleOptions()
    {
        var result = Bind("query:\n  lookback_delta: 2m\n  timeout: 30s\n  max_samples: 1000\n  max_series: 50\n  max_concurrent_per_tenant: 2\n  max_queued_per_tenant: 0\n  log_path: queries.log\n");

        Assert.Empty(result.Errors);
        var api = result.Options!.Query.ToApiOptions();
        Assert.Equal((2, 0, "queries.log"), (api.MaxConcurrentQueriesPerTenant, api.MaxQueuedQueriesPerTenant, api.LogPath));
        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30), 1000L, 50L), (api.Engine.LookbackDelta, api.Engine.Timeout, api.Engine.MaxSamples, api.Engine.MaxSeries));
    }

    [Fact]
    public void Bind_QueryDefaults_AreThoseOfPrometheus()
    {
        var api = Bind("").Options!.Query.ToApiOptions();

        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(2), 50_000_000L, 0L), (api.Engine.LookbackDelta, api.Engine.Timeout, api.Engine.MaxSamples, api.Engine.MaxSeries));
        Assert.Null(api.LogPath);
    }

    [Fact]
    public void Bind_QueryConcurrencyZero_NamesTheSetting()
    {
        var error = Assert.Single(Bind("query:\n  max_concurrent_per_tenant: 0\n").Errors);

        Assert.Equal("query.max_concurrent_per_tenant", error.Key);
        Assert.Equal("must be at least 1; got 0", error.Message);
    }

    [Fact]
    public void Bind_NegativeLimit_PointsAtValueAndSaysZeroIsUnlimited()
    {
        var error = Assert.Single(Bind("limits:\n  samples_per_second: -5\n").Errors);

        Assert.Equal(("limits.samples_per_second", 2, 3), (error.Key, error.Line, error.Column));
        Assert.Equal("must be 0 (unlimited) or positive; got -5", error.Message);
    }

    [Fact]
    public void Bind_WrongCaseKey_SuggestsSnakeCase()
    {
        var error = Assert.Single(Bind("server:\n  Listen: 127.0.0.1:1\n").Errors);

        Assert.Contains("did you mean 'listen'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_WrongDuration_PointsAtValue()
    {
        var error = Assert.Single(Bind("""
            server:
              shutdown_timeout: abc
            """).Errors);

        Assert.Equal(("nines.yaml", 2, 21, "server.shutdown_timeout"), (error.Source, error.Line, error.Column, error.Key));
        Assert.StartsWith("expected a duration: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("like 500ms, 30s, 5m, 1h30m, 12h or 7d; got 'abc'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_DurationWithoutUnit_SaysAUnitIsRequired()
    {
        var error = Assert.Single(Bind("store:\n  busy_timeout: 30\n").Errors);

        Assert.Equal((2, 17), (error.Line, error.Column));
        Assert.StartsWith("a duration needs a unit: write 30s for seconds or 30ms for milliseconds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_WrongBoolean_PointsAtValue()
    {
        var error = Assert.Single(Bind("""
            auth:
              anonymous_ingest: yes
            """).Errors);

        Assert.Equal("nines.yaml:2:21: auth.anonymous_ingest: expected true or false; got 'yes'", error.ToString());
    }

    [Fact]
    public void Bind_WrongInteger_PointsAtValue()
    {
        var error = Assert.Single(Bind("auth:\n  login_attempts: many\n").Errors);

        Assert.Equal((2, 19), (error.Line, error.Column));
        Assert.Contains("expected a whole number", error.Message, StringComparison.Ordinal);
        Assert.Contains("got 'many'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ScalarWhereSectionExpected_ExplainsMapping()
    {
        var error = Assert.Single(Bind("server: 8080\n").Errors);

        Assert.Equal(
            "nines.yaml:1:9: server: 'server' is a section: expected a mapping of its settings " +
            "(listen, otlp_grpc_listen, otlp_http_listen, public_url, max_request_body_bytes, shutdown_timeout) on the lines below, indented; got '8080'",
            error.ToString());
    }

    [Fact]
    public void Bind_MappingWhereValueExpected_PointsAtValue()
    {
        var error = Assert.Single(Bind("""
            server:
              listen:
                host: 127.0.0.1
            """).Errors);

        Assert.Equal("nines.yaml:3:5: server.listen: expected a string; got a mapping", error.ToString());
    }

    [Fact]
    public void Bind_ListWhereValueExpected_PointsAtValue()
    {
        var error = Assert.Single(Bind("log:\n  level: [debug, error]\n").Errors);

        Assert.Equal("nines.yaml:2:10: log.level: expected a string; got a list", error.ToString());
    }

    [Fact]
    public void Bind_MissingRequiredValue_PointsAtKey()
    {
        var error = Assert.Single(Bind("server:\n  listen:\n").Errors);

        Assert.Equal("nines.yaml:2:3: server.listen: needs a value: expected a string", error.ToString());
    }

    [Fact]
    public void Bind_NullOptionalValue_LeavesItUnset()
    {
        var result = Bind("server:\n  public_url: ~\nstore:\n  postgres:\n");

        Assert.Empty(result.Errors);
        Assert.Null(result.Options!.Server.PublicUrl);
    }

    [Fact]
    public void Bind_DuplicateKey_ReportsSecondAndWhereFirstWas()
    {
        var error = Assert.Single(Bind("""
            log:
              level: debug
              level: error
            """).Errors);

        Assert.Equal("nines.yaml:3:3: log.level: duplicate key 'level' (first set on line 2, column 3); keep one", error.ToString());
    }

    [Fact]
    public void Bind_DuplicateSection_ReportsIt()
    {
        var error = Assert.Single(Bind("log:\n  level: debug\nlog:\n  format: text\n").Errors);

        Assert.Equal((3, 1, "log"), (error.Line, error.Column, error.Key));
        Assert.StartsWith("duplicate key 'log'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_UnclosedQuote_ReportsSyntaxErrorWithPosition()
    {
        var error = Assert.Single(Bind("""
            server:
              listen: "127.0.0.1:9999
            log:
              level: debug
            """).Errors);

        Assert.Equal((File, 2, 11, ""), (error.Source, error.Line, error.Column, error.Key));
        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_TabIndentation_SaysTabsAreNotAllowed()
    {
        var error = Assert.Single(Bind("server:\n\tlisten: 127.0.0.1:1\n").Errors);

        Assert.Equal((2, 1), (error.Line, error.Column));
        Assert.Contains("use spaces", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_TabAfterValidLines_PointsAtTheTab()
    {
        var error = Assert.Single(Bind("server:\n  listen: 127.0.0.1:1\n\tpublic_url: x\n").Errors);

        Assert.Equal((3, 1), (error.Line, error.Column));
    }

    [Fact]
    public void Bind_BadIndentation_ReportsSyntaxError()
    {
        var error = Assert.Single(Bind("server:\n  listen: 127.0.0.1:1\n   public_url: x\n").Errors);

        Assert.Equal((File, ""), (error.Source, error.Key));
        Assert.Equal(3, error.Line);
        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_TopLevelScalar_AsksForMapping()
    {
        var error = Assert.Single(Bind("hello\n").Errors);

        Assert.Equal("nines.yaml:1:1: expected a mapping of settings at the top level (data, server, store, auth, limits, query, log, global, metrics, pipeline, scrape_configs); got 'hello'", error.ToString());
    }

    [Fact]
    public void Bind_TwoDocuments_IsAnError()
    {
        var error = Assert.Single(Bind("data: a\n---\ndata: b\n").Errors);

        Assert.Equal((2, 1), (error.Line, error.Column));
        Assert.Contains("single YAML document", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_AnchorAndAlias_ResolvesAlias()
    {
        var result = Bind("""
            server:
              shutdown_timeout: &slow 45s
            store:
              busy_timeout: *slow
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(TimeSpan.FromSeconds(45), result.Options!.Store.BusyTimeout);
    }

    [Fact]
    public void Bind_ManyProblems_ReportsEveryOneInFileOrder()
    {
        var result = Bind("""
            data: ./d
            server:
              lissten: 127.0.0.1:1
              max_request_body_bytes: 5
              shutdown_timeout: 10
            auth:
              login_attempts: 0
              anonymous_ingest: maybe
            log:
              level: loud
            """, Env(("NINES_LOG__FORMAT", "xml")));

        Assert.Null(result.Options);
        Assert.Equal(
            [
                "nines.yaml:3:3: server.lissten",
                "nines.yaml:5:21: server.shutdown_timeout",
                "nines.yaml:8:21: auth.anonymous_ingest",
                "nines.yaml:4:3: server.max_request_body_bytes",
                "nines.yaml:7:3: auth.login_attempts",
                "nines.yaml:10:3: log.level",
                "env NINES_LOG__FORMAT: log.format",
            ],
            result.Errors.Select(e => e.ToString().Split(": ")[0] + ": " + e.Key));
    }

    [Fact]
    public void Bind_ValidationError_PointsAtKeyInFile()
    {
        var error = Assert.Single(Bind("""
            server:
              max_request_body_bytes: 10
            """).Errors);

        Assert.Equal(
            "nines.yaml:2:3: server.max_request_body_bytes: must be from 1024 (1 KiB) to 1073741824 (1 GiB); got 10",
            error.ToString());
    }

    [Theory]
    [InlineData("server:\n  listen: 9999\n", "server.listen", "the port is missing in '9999'")]
    [InlineData("server:\n  listen: 127.0.0.1:70000\n", "server.listen", "the port must be a number from 0 to 65535")]
    [InlineData("server:\n  public_url: nines.example.com\n", "server.public_url", "must be an absolute http:// or https:// URL")]
    [InlineData("server:\n  max_request_body_bytes: 2000000000\n", "server.max_request_body_bytes", "must be from 1024 (1 KiB) to 1073741824 (1 GiB)")]
    [InlineData("server:\n  shutdown_timeout: 0s\n", "server.shutdown_timeout", "must be a positive duration")]
    [InlineData("auth:\n  session_lifetime: 0ms\n", "auth.session_lifetime", "must be a positive duration")]
    [InlineData("auth:\n  login_attempts: -1\n", "auth.login_attempts", "must be at least 1; got -1")]
    [InlineData("log:\n  level: verbose\n", "log.level", "must be one of trace, debug, information, warning, error, critical; got 'verbose'")]
    [InlineData("log:\n  format: xml\n", "log.format", "must be one of json, text; got 'xml'")]
    [InlineData("store:\n  postgres: Port=5432\n", "store.postgres", "must name the server with Host=")]
    [InlineData("store:\n  postgres: Hots=db\n", "store.postgres", "is not a valid Npgsql connection string")]
    [InlineData("data: ' '\n", "data", "must name a directory")]
    public void Bind_InvalidValue_NamesSettingAndRule(string yaml, string key, string expected)
    {
        var error = Assert.Single(Bind(yaml).Errors);

        Assert.Equal(key, error.Key);
        Assert.Equal(2 - (key == "data" ? 1 : 0), error.Line);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_BadPostgres_NeverEchoesThePassword()
    {
        var error = Assert.Single(Bind("store:\n  postgres: Password=hunter2-secret;Bogus=1\n").Errors);

        Assert.Equal("store.postgres", error.Key);
        Assert.DoesNotContain("hunter2-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_Environment_OverridesFile()
    {
        var result = Bind(
            "data: ./from-file\nserver:\n  listen: 127.0.0.1:1\n",
            Env(("NINES_SERVER__LISTEN", "0.0.0.0:9999"), ("NINES_AUTH__ANONYMOUS_INGEST", "true"), ("NINES_STORE__BUSY_TIMEOUT", "2s")));

        Assert.Empty(result.Errors);
        Assert.Equal("0.0.0.0:9999", result.Options!.Server.Listen);
        Assert.True(result.Options.Auth.AnonymousIngest);
        Assert.Equal(TimeSpan.FromSeconds(2), result.Options.Store.BusyTimeout);
        Assert.Equal("./from-file", result.Options.Data);
    }

    [Fact]
    public void Bind_EnvironmentNames_AreCaseInsensitive()
    {
        var result = Bind("", Env(("nines_data", "/srv/nines"), ("Nines_Log__Level", "debug")));

        Assert.Empty(result.Errors);
        Assert.Equal("/srv/nines", result.Options!.Data);
        Assert.Equal("debug", result.Options.Log.Level);
    }

    [Fact]
    public void Bind_EmptyEnvironmentValue_UnsetsOptionalSetting()
    {
        var result = Bind("store:\n  postgres: Host=db\n", Env(("NINES_STORE__POSTGRES", "")));

        Assert.Empty(result.Errors);
        Assert.Null(result.Options!.Store.Postgres);
    }

    [Fact]
    public void Bind_Flags_OverrideEnvironmentAndFile()
    {
        var result = Bind(
            "data: ./file\nserver:\n  listen: 127.0.0.1:1\n",
            Env(("NINES_DATA", "./env"), ("NINES_SERVER__LISTEN", "127.0.0.1:2")),
            new ConfigOverride("data", "./flag", "flag --data"),
            new ConfigOverride("server.listen", "127.0.0.1:3", "flag --listen"));

        Assert.Empty(result.Errors);
        Assert.Equal("./flag", result.Options!.Data);
        Assert.Equal("127.0.0.1:3", result.Options.Server.Listen);
    }

    [Fact]
    public void Bind_BadEnvironmentValue_NamesTheVariable()
    {
        var error = Assert.Single(Bind("", Env(("NINES_SERVER__SHUTDOWN_TIMEOUT", "30"))).Errors);

        Assert.Equal((null, null), (error.Line, error.Column));
        Assert.StartsWith("env NINES_SERVER__SHUTDOWN_TIMEOUT: server.shutdown_timeout: a duration needs a unit", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_InvalidEnvironmentValue_ValidationNamesTheVariable()
    {
        var error = Assert.Single(Bind("server:\n  listen: 127.0.0.1:1\n", Env(("NINES_SERVER__LISTEN", "nowhere"))).Errors);

        Assert.StartsWith("env NINES_SERVER__LISTEN: server.listen: must be HOST:PORT", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_InvalidFlag_ValidationNamesTheFlag()
    {
        var error = Assert.Single(Bind("", overrides: new ConfigOverride("server.listen", "localhost:99999", "flag --listen")).Errors);

        Assert.StartsWith("flag --listen: server.listen: the port must be a number from 0 to 65535", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_UnknownNinesVariable_SuggestsTheDoubleUnderscoreName()
    {
        var error = Assert.Single(Bind("", Env(("NINES_SERVER_LISTEN", "0.0.0.0:1"))).Errors);

        Assert.Equal("env NINES_SERVER_LISTEN", error.Source);
        Assert.Contains("did you mean NINES_SERVER__LISTEN?", error.Message, StringComparison.Ordinal);
        Assert.Contains("also allowed: NINES_CONFIG, NINES_TEST_*", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_VariableNamingASection_ListsItsVariables()
    {
        var error = Assert.Single(Bind("", Env(("NINES_LOG", "debug"))).Errors);

        Assert.Equal("env NINES_LOG: log: names a section, not a setting; set its keys one by one: NINES_LOG__LEVEL, NINES_LOG__FORMAT", error.ToString());
    }

    [Fact]
    public void Bind_AllowedAndForeignVariables_AreIgnored()
    {
        var result = Bind("", Env(("NINES_CONFIG", "x.yaml"), ("NINES_TEST_SEED", "1"), ("PATH", "/bin"), ("NINESX", "1")));

        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Load_MissingFile_ReportsTheFile()
    {
        var result = NinesConfiguration.Load("/nonexistent/nines.yaml", new Hashtable());

        var error = Assert.Single(result.Errors);
        Assert.Equal("/nonexistent/nines.yaml: cannot read the configuration file: no such file", error.ToString());
    }

    [Fact]
    public void Load_RelativePath_ReadsFromWorkingDirectoryAndNamesPathAsGiven()
    {
        using var dir = new TempDirectory();
        System.IO.File.WriteAllText(Path.Combine(dir.Path, "custom.yaml"), "log:\n  level: loud\n");

        var result = NinesConfiguration.Load("custom.yaml", new Hashtable(), workingDirectory: dir.Path);

        Assert.Equal("custom.yaml:2:3: log.level", Assert.Single(result.Errors).ToString().Split(": must")[0]);
    }

    [Fact]
    public void ResolvePath_Flag_WinsOverEnvironmentAndWorkingDirectory()
    {
        using var dir = new TempDirectory();
        System.IO.File.WriteAllText(Path.Combine(dir.Path, "nines.yaml"), "");

        Assert.Equal("flag.yaml", NinesConfiguration.ResolvePath("flag.yaml", Env(("NINES_CONFIG", "env.yaml")), dir.Path));
        Assert.Equal("env.yaml", NinesConfiguration.ResolvePath(null, Env(("NINES_CONFIG", "env.yaml")), dir.Path));
        Assert.Equal("nines.yaml", NinesConfiguration.ResolvePath(null, Env(), dir.Path));
    }

    [Fact]
    public void ResolvePath_NothingGivenAndNoFile_ReturnsNull()
    {
        using var dir = new TempDirectory();

        Assert.Null(NinesConfiguration.ResolvePath(null, Env(("NINES_CONFIG", "")), dir.Path));
    }

    private static ConfigResult Bind(string yaml, IDictionary? env = null, params ConfigOverride[] overrides) =>
        NinesConfiguration.Bind(yaml, File, env ?? new Hashtable(), overrides);

    private static Hashtable Env(params (string Name, string Value)[] variables)
    {
        var env = new Hashtable();
        foreach (var (name, value) in variables)
        {
            env[name] = value;
        }

        return env;
    }
}
