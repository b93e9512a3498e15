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
    public CheckOutcome Judge(CitationWithPlaces source, Compared compared, string leaseOwner)
    {
        var citation = source.Citation;
        var (fetch, capture) = compared.Look;
        var (failures, firstFailure) = HealthRules.NextFailureRun(
            fetch.Status, fetch.StartedAt, citation.ConsecutiveFailures, citation.FirstFailureAt);
        var now = time.GetUtcNow();
        var newHealth = HealthRules.Evaluate(new HealthInput(fetch.Status, failures, firstFailure), health.Value.ToPolicy(), now);

        // An unconfirmed capture may be a passing glitch: the passages are looked for again once the text holds.
        IReadOnlyList<PassageLook> passages = fetch.Status == CheckStatus.Ok && capture is not null && !compared.Unconfirmed
            ? [.. source.Places.Where(p => p.Quote is not null).Select(p => Look(p, capture.Content.Text, compared.Baseline?.Reread))]
            : [];
        return new CheckOutcome(
            citation.Id, fetch, capture, compared.BaselineId, compared.Comparison, newHealth, failures, firstFailure,
            schedule.After(fetch, citation.CheckInterval), now, leaseOwner)
        {
            IntervalSeconds = citation.CheckIntervalSeconds,
            ChangeKind = compared.Kind,
            Unconfirmed = compared.Unconfirmed,
            Passages = passages,
            Quote = passages.Count == 0 && capture is not null && fetch.Status == CheckStatus.Ok && !compared.Unconfirmed
                ? QuoteMatch.None
                : Worst(passages),
        };
    }

    /// <summary>
    /// The place's passage looked for in <paramref name="text"/>. Its last verdict was made on the baseline; when a newer
    /// extraction read the baseline's text again (<paramref name="baselineReread"/>), the verdict is made again on that
    /// text, so that an upgrade of the extractor or a change of ignore selectors alone moves no passage.
    /// </summary>
    private static PassageLook Look(PlaceRow place, string text, string? baselineReread)
    {
        var quote = place.Quote!;
        var match = QuoteMatcher.Find(quote, text);
        var again = baselineReread is not null && place.QuoteStatus is not null ? QuoteMatcher.Find(quote, baselineReread) : null;
        var before = again?.Status ?? place.QuoteStatus;
        var matchBefore = again is null ? place.QuoteMatch : again.Match;
        return new PassageLook(place, before, match, PlacePassages.Transition(quote, before, matchBefore, match));
    }

    /// <summary>The look that speaks for the source: the first with the worst status; null when nothing was looked for.</summary>
    private static QuoteMatch? Worst(IReadOnlyList<PassageLook> passages)
    {
        var worst = PlacePassages.Worst(passages.Select(p => (p.Place.Quote, (QuoteStatus?)p.Match.Status)));
        return passages.FirstOrDefault(p => p.Match.Status == worst)?.Match;
    }
}
