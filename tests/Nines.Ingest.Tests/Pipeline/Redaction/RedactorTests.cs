using System.Diagnostics;
using Nines.Ingest.Pipeline.Redaction;

namespace Nines.Ingest.Tests.Pipeline.Redaction;

public sealed class RedactorTests
{
    private static Redactor CreateSut(RedactionOptions? options = null) => new(options ?? new RedactionOptions());

    private static string Redact(Redactor sut, string input)
    {
        sut.TryRedact(input, out var output);
        return output;
    }

    [Theory]
    [InlineData("contact alice.smith+ops@example.co.uk now", "contact [REDACTED:email] now")]
    [InlineData("GET https://shop.example.com/reset?email=bob@example.com&x=1", "GET https://shop.example.com/reset?email=[REDACTED:email]&x=1")]
    [InlineData("écrire à józef.müller@bücher.de", "écrire à [REDACTED:email]")]
    [InlineData("<carol@example.org>", "<[REDACTED:email]>")]
    public void TryRedact_Email_Replaced(string input, string expected)
    {
        var sut = CreateSut();

        Assert.True(sut.TryRedact(input, out var output));
        Assert.Equal(expected, output);
        Assert.Equal(1, sut.Count(Redactor.EmailRule));
    }

    [Theory]
    [InlineData("ping @here and @channel")]
    [InlineData("root@localhost rebooted")]
    [InlineData("price 3@4.50 each")]
    public void TryRedact_NotAnEmail_Unchanged(string input)
    {
        var sut = CreateSut();

        Assert.False(sut.TryRedact(input, out var output));
        Assert.Same(input, output);
    }

    [Fact]
    public void TryRedact_SeveralMatches_AllReplacedAndCounted()
    {
        var sut = CreateSut();

        var output = Redact(sut, "to a@x.io, cc b@y.io; card 4111111111111111 and 5500 0000 0000 0004");

        Assert.Equal("to [REDACTED:email], cc [REDACTED:email]; card [REDACTED:card] and [REDACTED:card]", output);
        Assert.Equal(2, sut.Count(Redactor.EmailRule));
        Assert.Equal(2, sut.Count(Redactor.CardRule));
    }

    [Theory]
    [InlineData("paid with 4111 1111 1111 1111 ok", "paid with [REDACTED:card] ok")]
    [InlineData("pan=4111-1111-1111-1111", "pan=[REDACTED:card]")]
    [InlineData("amex 378282246310005.", "amex [REDACTED:card].")]
    [InlineData("カード4111111111111111です", "カード4111111111111111です")]
    public void TryRedact_CardNumber_ReplacedWhenStandingAlone(string input, string expected)
    {
        Assert.Equal(expected, Redact(CreateSut(), input));
    }

    [Theory]
    [InlineData("order 4111111111111112 shipped")] // Luhn fails
    [InlineData("ts=1700000000123456789")] // nanosecond timestamp: starts with 1
    [InlineData("short 411111111111")] // 12 digits
    [InlineData("too long 41111111111111111111")] // 20 digits
    [InlineData("id4111111111111111")] // glued to a word
    [InlineData("4111111111111111_b")]
    public void TryRedact_NotACard_Unchanged(string input)
    {
        var sut = CreateSut();

        Assert.False(sut.TryRedact(input, out var output));
        Assert.Equal(input, output);
    }

    [Theory]
    [InlineData("curl -H 'Authorization: Bearer eyJhbGciOi.J9.abc' x", "curl -H 'Authorization: [REDACTED:authorization]' x", Redactor.AuthorizationRule)]
    [InlineData("authorization=Basic dXNlcjpwYXNz", "authorization=[REDACTED:authorization]", Redactor.AuthorizationRule)]
    [InlineData("{\"Authorization\":\"abc123\"}", "{\"Authorization\":\"[REDACTED:authorization]\"}", Redactor.AuthorizationRule)]
    [InlineData("retrying with Bearer abcDEF123-_.~+/== now", "retrying with Bearer [REDACTED:bearer] now", Redactor.BearerRule)]
    public void TryRedact_Credentials_Replaced(string input, string expected, string rule)
    {
        var sut = CreateSut();

        Assert.Equal(expected, Redact(sut, input));
        Assert.Equal(1, sut.Count(rule));
    }

    [Theory]
    [InlineData("the bearer of bad news")]
    [InlineData("Bearer ok")]
    [InlineData("authorization failed for user 42")]
    public void TryRedact_CredentialWordsWithoutCredential_Unchanged(string input)
    {
        Assert.False(CreateSut().TryRedact(input, out _));
    }

    [Fact]
    public void TryRedact_UrlPassword_OnlyPasswordReplaced()
    {
        var sut = CreateSut();

        var output = Redact(sut, "connecting to postgres://app:s3cr3t@db.example.com:5432/orders");

        Assert.Equal("connecting to postgres://app:***@db.example.com:5432/orders", output);
        Assert.Equal(1, sut.Count(Redactor.UrlPasswordRule));
        Assert.Equal(0, sut.Count(Redactor.EmailRule));
    }

    [Fact]
    public void TryRedact_UrlWithoutPassword_Unchanged()
    {
        Assert.False(CreateSut().TryRedact("GET https://example.com:8443/a/b?c=d", out _));
    }

    [Fact]
    public void TryRedact_BuiltInSwitchedOff_LeavesThatKind()
    {
        var sut = CreateSut(new RedactionOptions { Emails = false, PaymentCards = false });

        Assert.False(sut.TryRedact("a@x.io 4111111111111111", out _));
    }

    [Fact]
    public void TryRedact_Disabled_ChangesNothing()
    {
        var sut = CreateSut(new RedactionOptions { Enabled = false });

        Assert.False(sut.TryRedact("a@x.io", out _));
        Assert.False(sut.IsDeniedKey("password"));
    }

    [Fact]
    public void TryRedact_CustomRule_ReplacedWithNameOrGivenReplacement()
    {
        var sut = CreateSut(new RedactionOptions
        {
            Rules =
            [
                new RedactionRuleOptions { Name = "ssn", Pattern = @"\b\d{3}-\d{2}-\d{4}\b" },
                new RedactionRuleOptions { Name = "iban", Pattern = @"\bDE\d{2}( ?\d{4}){4} ?\d{2}\b", Replacement = "DE**" },
            ],
        });

        var output = Redact(sut, "ssn 123-45-6789 iban DE89 3704 0044 0532 0130 00 end");

        Assert.Equal("ssn [REDACTED:ssn] iban DE** end", output);
        Assert.Equal(1, sut.Count("ssn"));
        Assert.Equal(1, sut.Count("iban"));
    }

    [Fact]
    public void Constructor_PatternWithLookahead_ThrowsNamingTheRule()
    {
        var options = new RedactionOptions { Rules = [new RedactionRuleOptions { Name = "bad", Pattern = "(?=a)a" }] };

        var error = Assert.Throws<ArgumentException>(() => CreateSut(options));

        Assert.Contains("'bad'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRedact_CatastrophicPattern_FinishesQuickly()
    {
        // (a+)+$ on a's ending in '!' takes exponential time with a backtracking engine.
        var sut = CreateSut(new RedactionOptions { Rules = [new RedactionRuleOptions { Name = "evil", Pattern = "(a+)+$" }, new RedactionRuleOptions { Name = "evil2", Pattern = "(x+x+)+y" }] });
        var input = new string('a', 50_000) + "!" + new string('x', 50_000);

        var watch = Stopwatch.StartNew();
        var changed = sut.TryRedact(input, out _);

        Assert.False(changed);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("password", true)]
    [InlineData("DB.Password", true)]
    [InlineData("http.request.header.authorization", true)]
    [InlineData("http.response.header.set-cookie", true)]
    [InlineData("x-api-key", true)]
    [InlineData("clientSecret", true)]
    [InlineData("APIKEY", true)]
    [InlineData("max_tokens", false)]
    [InlineData("broken", false)]
    [InlineData("passwordless", false)]
    [InlineData("user.name", false)]
    public void IsDeniedKey_DefaultList_MatchesKeysAndSuffixes(string key, bool expected)
    {
        Assert.Equal(expected, CreateSut().IsDeniedKey(key));
    }

    [Fact]
    public void IsDeniedKey_ExtraKeyWithoutDefaults_OnlyExtraDenied()
    {
        var sut = CreateSut(new RedactionOptions { UseDefaultDenyKeys = false, DenyKeys = ["ssn"] });

        Assert.True(sut.IsDeniedKey("customer.ssn"));
        Assert.False(sut.IsDeniedKey("password"));
    }

    [Fact]
    public void TryRedactAttribute_DeniedKey_WholeValueReplacedAndCounted()
    {
        var sut = CreateSut();

        Assert.True(sut.TryRedactAttribute("db.password", "hunter2", out var value));
        Assert.Equal("[REDACTED:key]", value);
        Assert.Equal(1, sut.Count(Redactor.DeniedKeyRule));
        Assert.True(sut.TryRedactAttribute("user.note", "mail me at a@x.io", out value));
        Assert.Equal("mail me at [REDACTED:email]", value);
    }

    [Fact]
    public void TryRedact_CleanInput_AllocatesNothing()
    {
        var sut = CreateSut();
        const string clean = "GET /api/orders/4111111111111112 200 in 13ms from 10.0.0.7 user=42 authorized";
        for (var i = 0; i < 10; i++)
        {
            sut.TryRedact(clean, out _);
            sut.IsDeniedKey("http.route");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            sut.TryRedact(clean, out _);
            sut.IsDeniedKey("http.route");
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
