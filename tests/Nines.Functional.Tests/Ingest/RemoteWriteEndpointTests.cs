using System.Net;
using System.Net.Http.Headers;
using Nines.Core.Security;
using Nines.Testing;

namespace Nines.Functional.Tests.Ingest;

public sealed class RemoteWriteEndpointTests
{
    private static ByteArrayContent Body(byte[] bytes, string contentType = "application/x-protobuf")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        content.Headers.ContentEncoding.Add("snappy");
        return content;
    }

    [Fact]
    public async Task Write_WrongContentType_415NamesTheAcceptedTypes()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        var detail = await HttpAssert.ProblemAsync(await client.PostAsync("/api/v1/write", Body([1, 2, 3], "application/json")), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/x-protobuf", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_UnknownProtoMessage_415()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        var detail = await HttpAssert.ProblemAsync(
            await client.PostAsync("/api/v1/write", Body([1, 2, 3], "application/x-protobuf;proto=io.prometheus.write.v9.Request")), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("io.prometheus.write.v2.Request", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_GarbageBody_400AndNothingStored()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, "team-x", ingest: true));
        await HttpAssert.ProblemAsync(await client.PostAsync("/api/v1/write", Body("not snappy at all"u8.ToArray())), HttpStatusCode.BadRequest);
        var tenants = (Nines.Metrics.Storage.TenantMetricsStorage)host.Services.GetService(typeof(Nines.Metrics.Storage.TenantMetricsStorage))!;
        Assert.DoesNotContain("team-x", tenants.OpenTenants);
    }

    [Fact]
    public async Task Write_SnappyHeaderClaimsHugeBody_413WithoutAllocating()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient(await host.CreateTokenAsync(Role.Viewer, ingest: true));
        // Snappy's block header is the uncompressed length as a varint: here 1 GiB.
        byte[] bomb = [0x80, 0x80, 0x80, 0x80, 0x04, 0x00, 0x00, 0x00];
        var response = await client.PostAsync("/api/v1/write", Body(bomb));
        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        await HttpAssert.ProblemAsync(response, response.StatusCode);
    }

    [Fact]
    public async Task Write_AnonymousIngestOn_UsesScopeHeaderTenant_EmptyBodyIs204()
    {
        await using var host = await NinesTestHost.StartAsync(o => o.Auth.AnonymousIngest = true);
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Scope-OrgID", "team-anon");
        // An empty WriteRequest: snappy length 0.
        var response = await client.PostAsync("/api/v1/write", Body([0x00]));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Write_NoToken_401()
    {
        await using var host = await NinesTestHost.StartAsync();
        using var client = host.CreateClient();
        await HttpAssert.ProblemAsync(await client.PostAsync("/api/v1/write", Body([0x00])), HttpStatusCode.Unauthorized);
    }
}
