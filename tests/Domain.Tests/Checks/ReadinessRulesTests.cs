using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Domain.Tests.Checks;

public sealed class ReadinessRulesTests
{
    [Theory]
    [InlineData(CheckStatus.Ok, Readiness.Ok)]
    [InlineData(CheckStatus.NotFound, Readiness.Failed)]
    [InlineData(CheckStatus.Gone, Readiness.Failed)]
    [InlineData(CheckStatus.Soft404, Readiness.Failed)]
    [InlineData(CheckStatus.DnsError, Readiness.Failed)]
    [InlineData(CheckStatus.ConnectionError, Readiness.Failed)]
    [InlineData(CheckStatus.TlsError, Readiness.Failed)]
    [InlineData(CheckStatus.RedirectLoop, Readiness.Failed)]
    [InlineData(CheckStatus.ForbiddenTarget, Readiness.Failed)]
    [InlineData(CheckStatus.InvalidUrl, Readiness.Failed)]
    [InlineData(CheckStatus.Blocked, Readiness.Inconclusive)]
    [InlineData(CheckStatus.RateLimited, Readiness.Inconclusive)]
    [InlineData(CheckStatus.Timeout, Readiness.Inconclusive)]
    [InlineData(CheckStatus.ServerError, Readiness.Inconclusive)]
    [InlineData(CheckStatus.ClientError, Readiness.Inconclusive)]
    public void EveryStatus_HasTheReadinessTheIssueGivesIt(CheckStatus status, Readiness readiness) =>
        Assert.Equal(readiness, ReadinessRules.Of(status));

    [Fact]
    public void EveryStatus_IsCovered() =>
        Assert.All(Enum.GetValues<CheckStatus>(), status => Assert.True(Enum.IsDefined(ReadinessRules.Of(status))));

    [Fact]
    public void OneFailedSource_FailsTheDocument() =>
        Assert.Equal(Readiness.Failed, ReadinessRules.Worst([Readiness.Ok, Readiness.Inconclusive, Readiness.Failed, Readiness.Ok]));

    [Fact]
    public void InconclusiveSourcesWithoutAFailedOne_LeaveItUndecided() =>
        Assert.Equal(Readiness.Inconclusive, ReadinessRules.Worst([Readiness.Ok, Readiness.Inconclusive]));

    [Fact]
    public void NoSources_AreOk() => Assert.Equal(Readiness.Ok, ReadinessRules.Worst([]));

    [Fact]
    public void WireNames_AreOkFailedInconclusive() =>
        Assert.Equal(["ok", "failed", "inconclusive"], Enum.GetValues<Readiness>().Select(r => r.ToWireName()));
}
