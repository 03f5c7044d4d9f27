using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Nines.Core.Security;
using Nines.Web.Security;

namespace Nines.Browser.Tests.Web.Security;

public class LoginThrottleTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void IsAllowed_UpToTheLimit_ThenRefusesUntilTheOldestFailureAgesOut()
    {
        var sut = CreateSut(attempts: 3, window: TimeSpan.FromMinutes(5));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(sut.IsAllowed("10.0.0.1", "alice", out _));
            sut.RecordFailure("10.0.0.1", "alice");
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.False(sut.IsAllowed("10.0.0.1", "alice", out var retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(2), retryAfter);

        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(sut.IsAllowed("10.0.0.1", "alice", out _));
    }

    [Fact]
    public void IsAllowed_CountsPerUserNameAcrossAddresses()
    {
        var sut = CreateSut(attempts: 2, window: TimeSpan.FromMinutes(5));
        sut.RecordFailure("10.0.0.1", "Alice");
        sut.RecordFailure("10.0.0.2", " alice ");

        Assert.False(sut.IsAllowed("10.0.0.3", "ALICE", out _));
        Assert.True(sut.IsAllowed("10.0.0.3", "bob", out _));
    }

    [Fact]
    public void IsAllowed_CountsPerAddressAcrossUserNames()
    {
        var sut = CreateSut(attempts: 2, window: TimeSpan.FromMinutes(5));
        sut.RecordFailure("10.0.0.1", "alice");
        sut.RecordFailure("10.0.0.1", "bob");

        Assert.False(sut.IsAllowed("10.0.0.1", "carol", out _));
        Assert.True(sut.IsAllowed("10.0.0.2", "carol", out _));
    }

    [Fact]
    public void IsAllowed_WithTheLimitOff_AlwaysAllows()
    {
        var sut = CreateSut(attempts: 0, window: TimeSpan.FromMinutes(5));
        for (var i = 0; i < 50; i++)
        {
            sut.RecordFailure("10.0.0.1", "alice");
        }

        Assert.True(sut.IsAllowed("10.0.0.1", "alice", out _));
    }

    [Fact]
    public void RecordFailure_ManyNames_ForgetsThoseThatAgedOut()
    {
        var sut = CreateSut(attempts: 1, window: TimeSpan.FromMinutes(1));
        for (var i = 0; i < 2000; i++)
        {
            sut.RecordFailure("10.0.0.1", "user" + i);
        }

        _time.Advance(TimeSpan.FromMinutes(2));
        sut.RecordFailure("10.0.0.2", "late");

        Assert.True(sut.IsAllowed("10.0.0.1", "user1", out _));
        Assert.False(sut.IsAllowed("10.0.0.2", "other", out _));
    }

    private LoginThrottle CreateSut(int attempts, TimeSpan window) =>
        new(_time, Options.Create(new AuthOptions { LoginAttempts = attempts, LoginRateWindow = window }));
}
