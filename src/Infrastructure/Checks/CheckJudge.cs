using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Infrastructure.Checks.Recording;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>
/// The verdict step: what a compared look means for its citation, by the rules of <c>src/Domain</c>: its health after
/// this check, whether its passage is still there (and whether it was just lost), and when it is due again.
/// </summary>
internal sealed class CheckJudge(IOptions<HealthOptions> health, NextCheckSchedule schedule, TimeProvider time)
{
    public CheckOutcome Judge(CitationRow citation, Compared compared, string leaseOwner)
    {
        var (fetch, capture) = compared.Look;
        var (failures, firstFailure) = HealthRules.NextFailureRun(
            fetch.Status, fetch.StartedAt, citation.ConsecutiveFailures, citation.FirstFailureAt);
        var now = time.GetUtcNow();
        var newHealth = HealthRules.Evaluate(new HealthInput(fetch.Status, failures, firstFailure), health.Value.ToPolicy(), now);

        // An unconfirmed capture may be a passing glitch: the passage is looked for again once the text holds.
        var quote = fetch.Status == CheckStatus.Ok && capture is not null && !compared.Unconfirmed
            ? QuoteMatcher.Find(citation.Quote, capture.Content.Text)
            : null;
        return new CheckOutcome(
            citation.Id, fetch, capture, compared.BaselineId, compared.Comparison, newHealth, failures, firstFailure,
            schedule.After(fetch), now, leaseOwner)
        {
            ChangeKind = compared.Kind,
            Unconfirmed = compared.Unconfirmed,
            Quote = quote,
            QuoteLoss = citation.QuoteStatus == QuoteStatus.Found && quote?.Status is QuoteStatus.Altered or QuoteStatus.Missing
                ? QuoteDiffs.Compare(citation.Quote!, quote)
                : null,
        };
    }
}
