using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;

namespace CitationMonitor.Domain.Tests.Citations;

public sealed class VerdictsTests
{
    private static readonly HealthPolicy Policy = new(3, TimeSpan.FromDays(2));
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static VerdictInput Citation(CitationHealth health, CheckStatus? status, int? http = null, string? reason = null) => new()
    {
        Health = health,
        LastStatus = status,
        LastHttpStatus = http,
        LastReason = reason,
        NormalizedUrl = "https://www.gob.mx/comar/prensa/1",
    };

    [Fact]
    public void NeverChecked_SaysSo() =>
        Assert.Equal("Not checked yet.", Verdicts.Explain(Citation(CitationHealth.Unknown, null), Policy));

    [Fact]
    public void Healthy_SaysWhereTheSourceLivesHowOftenItChangedAndWhetherThePassageHolds()
    {
        var verdict = Verdicts.Explain(
            Citation(CitationHealth.Healthy, CheckStatus.Ok, 200) with
            {
                FinalUrl = "https://www.gob.mx/comar/articulos/1",
                ChangeCount = 2,
                LastChangedAt = Monday,
                QuoteStatus = QuoteStatus.Altered,
                QuoteSimilarity = 0.875,
            },
            Policy);

        Assert.Equal(
            "The last check reached the source (HTTP 200). It is now served from https://www.gob.mx/comar/articulos/1. "
            + "It changed 2 times, last on 2026-11-02. The cited passage reads differently now (88% of its words match).",
            verdict);
    }

    [Fact]
    public void Degraded_SaysHowFarTheFailureIsFromBroken()
    {
        var verdict = Verdicts.Explain(
            Citation(CitationHealth.Degraded, CheckStatus.Timeout) with { ConsecutiveFailures = 1, FirstFailureAt = Monday, LastOkAt = Monday.AddDays(-1) },
            Policy);

        Assert.Equal(
            "The last check failed: the server did not answer in time. 1 check in a row failed since 2026-11-02, not yet broken "
            + "(that takes 3 failed checks in a row over at least 2 days). Last reached on 2026-11-01.",
            verdict);
    }

    [Fact]
    public void Broken_NamesTheCauseAndTheRunOfFailures()
    {
        var verdict = Verdicts.Explain(
            Citation(CitationHealth.Broken, CheckStatus.Soft404, 200, "host_not_found_template") with { ConsecutiveFailures = 4, FirstFailureAt = Monday },
            Policy);

        Assert.Equal(
            "Broken: the page answers like the site's own \"not found\" page. 4 checks in a row failed since 2026-11-02, longer than "
            + "the 2 days the monitor waits before calling a source broken. It has never been reached.",
            verdict);
    }

    [Theory]
    [InlineData(CheckStatus.Blocked, "login_wall", "the page now sits behind a sign-in page")]
    [InlineData(CheckStatus.Blocked, "bot_challenge", "the site answers with a bot challenge instead of the page")]
    [InlineData(CheckStatus.Blocked, null, "the site refuses access (HTTP 403)")]
    [InlineData(CheckStatus.RateLimited, "retry_after", "the site asks the monitor to come back later (HTTP 429 with Retry-After)")]
    [InlineData(CheckStatus.ForbiddenTarget, "forbidden_address", "its address is on a private or local network, which the monitor does not fetch")]
    public void Blocked_SaysWhyTheMonitorCannotTell(CheckStatus status, string? reason, string cause) =>
        Assert.Equal(
            $"The monitor cannot tell: {cause}. It has never been reached.",
            Verdicts.Explain(Citation(CitationHealth.Blocked, status, 403, reason), Policy));

    [Fact]
    public void FailureThatDoesNotCountTowardBroken_SaysSo() =>
        Assert.Equal(
            "The last check failed: the URL cannot be fetched (unsupported scheme). A failure of this kind does not count toward broken. It has never been reached.",
            Verdicts.Explain(Citation(CitationHealth.Degraded, CheckStatus.InvalidUrl, null, "unsupported_scheme"), Policy));

    [Fact]
    public void EveryStatus_HasACause()
    {
        foreach (var status in Enum.GetValues<CheckStatus>())
        {
            var cause = Verdicts.Cause(Citation(CitationHealth.Degraded, status));
            Assert.False(string.IsNullOrWhiteSpace(cause));
            Assert.NotEqual("no check has finished yet", cause);
        }
    }

    [Theory]
    [InlineData(CitationHealth.Broken, null, true)]
    [InlineData(CitationHealth.Degraded, null, true)]
    [InlineData(CitationHealth.Blocked, null, true)]
    [InlineData(CitationHealth.Healthy, QuoteStatus.Altered, true)]
    [InlineData(CitationHealth.Healthy, QuoteStatus.Missing, true)]
    [InlineData(CitationHealth.Healthy, QuoteStatus.Found, false)]
    [InlineData(CitationHealth.Healthy, null, false)]
    [InlineData(CitationHealth.Unknown, null, false)]
    public void NeedsAttention_WhenTheSourceFailsOrItsPassageNoLongerReadsTheSame(CitationHealth health, QuoteStatus? quote, bool expected) =>
        Assert.Equal(expected, Verdicts.NeedsAttention(health, quote));

    [Fact]
    public void OneCheckThatReachedTheSource_SaysSoAndWhereItLivesNow()
    {
        Assert.Equal("The source was reached (HTTP 200).", Verdicts.OfOneCheck(CheckStatus.Ok, 200, null, "https://www.gob.mx/a", "https://www.gob.mx/a"));
        Assert.Equal(
            "The source was reached (HTTP 200). It is now served from https://www.gob.mx/b.",
            Verdicts.OfOneCheck(CheckStatus.Ok, 200, null, "https://www.gob.mx/a", "https://www.gob.mx/b"));
    }

    [Fact]
    public void OneCheckThatFailed_SaysToFixTheCitation() =>
        Assert.Equal(
            "Fix before publishing: the link now leads to the site's home page.",
            Verdicts.OfOneCheck(CheckStatus.Soft404, 200, "redirected_to_home", "https://www.gob.mx/a", "https://www.gob.mx/"));

    [Fact]
    public void OneCheckThatCannotTell_SaysToLookByHand() =>
        Assert.Equal(
            "Cannot tell: the site refuses access (HTTP 403). Open it in a browser to make sure.",
            Verdicts.OfOneCheck(CheckStatus.Blocked, 403, "http_403", "https://www.gob.mx/a", null));
}
