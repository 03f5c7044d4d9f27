using Nines.Web.Audit;

namespace Nines.Browser.Tests.Web.Audit;

public class JsonDiffTests
{
    [Fact]
    public void Compare_TwoObjects_MarksEachFieldInFirstSeenOrder()
    {
        var rows = JsonDiff.Compare("""{"name":"ci","role":"viewer","gone":1}""", """{"name":"ci","role":"editor","new":true}""");

        Assert.NotNull(rows);
        Assert.Equal(
            [("name", DiffKind.Same), ("role", DiffKind.Changed), ("gone", DiffKind.Removed), ("new", DiffKind.Added)],
            rows.Select(r => (r.Key, r.Kind)));
        var role = rows.Single(r => r.Key == "role");
        Assert.Equal(("\"viewer\"", "\"editor\""), (role.Before, role.After));
    }

    [Fact]
    public void Compare_Creation_MarksEveryFieldAdded()
    {
        var rows = JsonDiff.Compare(null, """{"id":"x","nested":{"a":1}}""");

        Assert.NotNull(rows);
        Assert.All(rows, r => Assert.Equal(DiffKind.Added, r.Kind));
        Assert.Equal("""{"a":1}""", rows[1].After);
    }

    [Theory]
    [InlineData("[1,2]", null)]
    [InlineData("not json", "{}")]
    [InlineData(null, null)]
    public void Compare_NotTwoObjects_IsNull(string? before, string? after) => Assert.Null(JsonDiff.Compare(before, after));

    [Fact]
    public void Pretty_Indents_AndLeavesNonJsonAlone()
    {
        Assert.Contains("\n", JsonDiff.Pretty("""{"a":{"b":1}}"""), StringComparison.Ordinal);
        Assert.Equal("not json", JsonDiff.Pretty("not json"));
    }
}
