using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;

namespace CitationMonitor.Domain.Tests.Citations;

public sealed class HealthRulesTests
{
    private static readonly HealthPolicy Policy = new(BrokenAfterFailures: 3, BrokenAfter: TimeSpan.FromDays(2));
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Evaluate_NeverChecked_IsUnknown() =>
        Assert.Equal(CitationHealth.Unknown, HealthRules.Evaluate(new HealthInput(null, 0, null), Policy, T0));

    [Fact]
    public void Evaluate_LastCheckOk_IsHealthy() =>
        Assert.Equal(CitationHealth.Healthy, HealthRules.Evaluate(new HealthInput(CheckStatus.Ok, 0, null), Policy, T0));

    [Theory]
    [InlineData(CheckStatus.Blocked)]
    [InlineData(CheckStatus.RateLimited)]
    [InlineData(CheckStatus.ForbiddenTarget)]
    public void Evaluate_MonitorCouldNotLook_IsBlocked(CheckStatus status) =>
        Assert.Equal(CitationHealth.Blocked, HealthRules.Evaluate(new HealthInput(status, 0, null), Policy, T0));

    [Fact]
    public void Evaluate_OneBadDay_IsDegradedNotBroken()
    {
        var run = Replay(T0, CheckStatus.NotFound, CheckStatus.NotFound, CheckStatus.NotFound);
        var health = HealthRules.Evaluate(new HealthInput(CheckStatus.NotFound, run.Failures, run.First), Policy, T0.AddHours(3));
        Assert.Equal(CitationHealth.Degraded, health);
    }

    [Fact]
    public void Evaluate_EnoughFailuresOverEnoughTime_IsBroken()
    {
        var run = Replay(T0, CheckStatus.Timeout, CheckStatus.DnsError, CheckStatus.ServerError);
        var health = HealthRules.Evaluate(new HealthInput(CheckStatus.ServerError, run.Failures, run.First), Policy, T0.AddDays(2));
        Assert.Equal(CitationHealth.Broken, health);
    }

    [Fact]
    public void Evaluate_OldFailuresButTooFewInARow_IsDegraded()
    {
        var run = Replay(T0, CheckStatus.Gone, CheckStatus.Gone);
        var health = HealthRules.Evaluate(new HealthInput(CheckStatus.Gone, run.Failures, run.First), Policy, T0.AddDays(30));
        Assert.Equal(CitationHealth.Degraded, health);
    }

    [Fact]
    public void NextFailureRun_OkInBetween_StartsOver()
    {
        var run = Replay(T0, CheckStatus.NotFound, CheckStatus.NotFound, CheckStatus.Ok, CheckStatus.NotFound);
        Assert.Equal(1, run.Failures);
        Assert.Equal(T0.AddHours(3), run.First);
    }

    [Fact]
    public void NextFailureRun_BlockedInBetween_StartsOver()
    {
        var run = Replay(T0, CheckStatus.NotFound, CheckStatus.Blocked, CheckStatus.NotFound);
        Assert.Equal(1, run.Failures);
    }

    [Fact]
    public void NextFailureRun_KeepsTheFirstFailureTime()
    {
        var run = Replay(T0, CheckStatus.NotFound, CheckStatus.Timeout, CheckStatus.TlsError);
        Assert.Equal(3, run.Failures);
        Assert.Equal(T0, run.First);
    }

    [Theory]
    [InlineData(CheckStatus.NotFound, true)]
    [InlineData(CheckStatus.Gone, true)]
    [InlineData(CheckStatus.Soft404, true)]
    [InlineData(CheckStatus.ServerError, true)]
    [InlineData(CheckStatus.ClientError, true)]
    [InlineData(CheckStatus.Timeout, true)]
    [InlineData(CheckStatus.DnsError, true)]
    [InlineData(CheckStatus.ConnectionError, true)]
    [InlineData(CheckStatus.TlsError, true)]
    [InlineData(CheckStatus.RedirectLoop, true)]
    [InlineData(CheckStatus.Ok, false)]
    [InlineData(CheckStatus.Blocked, false)]
    [InlineData(CheckStatus.RateLimited, false)]
    [InlineData(CheckStatus.ForbiddenTarget, false)]
    [InlineData(CheckStatus.InvalidUrl, false)]
    public void CountsTowardBroken_FollowsTheContractList(CheckStatus status, bool counts) =>
        Assert.Equal(counts, HealthRules.CountsTowardBroken(status));

    /// <summary>Feeds checks one hour apart through the failure-run rule.</summary>
    private static (int Failures, DateTimeOffset? First) Replay(DateTimeOffset start, params CheckStatus[] statuses)
    {
        var failures = 0;
        DateTimeOffset? first = null;
        for (var i = 0; i < statuses.Length; i++)
        {
            (failures, first) = HealthRules.NextFailureRun(statuses[i], start.AddHours(i), failures, first);
        }

        return (failures, first);
    }
}
