using System.Net;
using Nines.Core.Security;

namespace Nines.Functional.Tests.Query;

/// <summary>A token reads its own tenant's metrics and nothing else, whatever the request says.</summary>
public sealed class QueryTenancyTests(QueryApiFixture fixture) : IClassFixture<QueryApiFixture>
{
    [Fact]
    public async Task Query_XScopeOrgIdOfAnotherTenant_403()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/label/__name__/values");
        request.Headers.Add("X-Scope-OrgID", "team-b");
        using var response = await fixture.TeamA.SendAsync(request);

        await HttpAssert.ProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Query_XScopeOrgIdOfOwnTenant_Answers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/label/__name__/values");
        request.Headers.Add("X-Scope-OrgID", "team-a");
        using var response = await fixture.TeamA.SendAsync(request);

        var root = await HttpAssert.JsonAsync(response);
        Assert.Contains("api_test_gauge", root.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Labels_TenantWithoutData_EmptyNotOthers()
    {
        using var empty = fixture.Host.CreateClient(await fixture.Host.CreateTokenAsync(Role.Viewer, "team-empty"));
        using var response = await empty.GetAsync("/api/v1/labels");

        var root = await HttpAssert.JsonAsync(response);
        Assert.Equal(0, root.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Series_OtherTenantsMetricByName_NotFound()
    {
        using var response = await fixture.TeamA.GetAsync("/api/v1/series?match[]=team_b_only");

        var root = await HttpAssert.JsonAsync(response);
        Assert.Equal(0, root.GetProperty("data").GetArrayLength());
    }
}
