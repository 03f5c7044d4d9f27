using Nines.Ingest.Pipeline.Redaction;

namespace Nines.Ingest.Tests.Pipeline.Redaction;

public sealed class RedactorJsonTests
{
    private static Redactor CreateSut() => new(new RedactionOptions());

    [Fact]
    public void TryRedactJson_DeniedKeyAndEmailValue_BothReplacedRestKept()
    {
        var sut = CreateSut();

        Assert.True(sut.TryRedactJson("""{"db.password":"hunter2","user":"a@x.io","n":4111111111111111,"ok":"fine"}""", out var json));

        Assert.Equal("""{"db.password":"[REDACTED:key]","user":"[REDACTED:email]","n":4111111111111111,"ok":"fine"}""", json);
        Assert.Equal(1, sut.Count(Redactor.DeniedKeyRule));
        Assert.Equal(1, sut.Count(Redactor.EmailRule));
    }

    [Fact]
    public void TryRedactJson_NestedObjectsAndArrays_Redacted()
    {
        var sut = CreateSut();

        sut.TryRedactJson("""{"http":{"headers":{"Authorization":["Bearer abcdefghij"]}},"to":["a@x.io",1,"ü"]}""", out var json);

        Assert.Equal("""{"http":{"headers":{"Authorization":"[REDACTED:key]"}},"to":["[REDACTED:email]",1,"ü"]}""", json);
    }

    [Fact]
    public void TryRedactJson_NotJson_RedactedAsText()
    {
        Assert.True(CreateSut().TryRedactJson("plain a@x.io", out var text));
        Assert.Equal("plain [REDACTED:email]", text);
    }

    [Fact]
    public void TryRedactJson_SuspiciousButClean_Unchanged()
    {
        const string input = """{"llm.token_count":12,"url":"https://example.com/"}""";

        Assert.False(CreateSut().TryRedactJson(input, out var json));
        Assert.Same(input, json);
    }

    [Fact]
    public void TryRedactJson_CleanAttributes_AllocatesNothing()
    {
        var sut = CreateSut();
        const string clean = """{"http.route":"/api/orders/{id}","http.status_code":200,"net.peer.ip":"10.0.0.7"}""";
        for (var i = 0; i < 10; i++)
        {
            sut.TryRedactJson(clean, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            sut.TryRedactJson(clean, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
