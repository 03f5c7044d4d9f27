using Nines.Core.Security;
using Nines.Core.Tenancy;

namespace Nines.Core.Tests.Security;

public sealed class RolesTests
{
    public static TheoryData<Role, Role, bool> Ladder()
    {
        var data = new TheoryData<Role, Role, bool>();
        foreach (var held in Roles.All)
        {
            foreach (var required in Roles.All)
            {
                data.Add(held, required, (int)held >= (int)required);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Ladder))]
    public void Satisfies_FollowsLadder(Role held, Role required, bool expected) =>
        Assert.Equal(expected, held.Satisfies(required));

    [Theory]
    [InlineData("viewer", Role.Viewer)]
    [InlineData("Responder", Role.Responder)]
    [InlineData(" EDITOR ", Role.Editor)]
    [InlineData("admin", Role.Admin)]
    public void TryParse_KnownNames(string name, Role expected)
    {
        Assert.True(Roles.TryParse(name, out var role));
        Assert.Equal(expected, role);
        Assert.Equal(name.Trim().ToLowerInvariant(), role!.Value.ToName());
    }

    [Theory]
    [InlineData("root")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_Unknown_False(string? name) => Assert.False(Roles.TryParse(name, out _));

    [Theory]
    [InlineData("default", true)]
    [InlineData("team-a_1", true)]
    [InlineData("-leading", false)]
    [InlineData("Upper", false)]
    [InlineData("has space", false)]
    [InlineData("", false)]
    [InlineData("../etc", false)]
    public void TenantId_IsValid(string id, bool valid) => Assert.Equal(valid, TenantId.IsValid(id));

    [Fact]
    public void TenantId_TooLong_Invalid() => Assert.False(TenantId.IsValid(new string('a', 64)));
}
