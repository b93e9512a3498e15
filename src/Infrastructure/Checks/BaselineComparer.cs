using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Noise;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Checks.Recording;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Snapshots;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>
/// A look compared with its baseline: the comparison (null when the texts are the same by hash, or there was nothing to
/// compare), the kind of change, and whether a change was seen but could not be confirmed.
/// </summary>
internal sealed record Compared(Look Look, long? BaselineId, TextComparison? Comparison, ChangeKind? Kind, bool Unconfirmed = false)
{
    /// <summary>The baseline's text as the running extractor reads it; null when there was nothing to compare.</summary>
    public BaselineText? Baseline { get; init; }
}

/// <summary>
/// The compare step: an <c>ok</c> capture against the last <c>ok</c> capture (error pages are never compared), leaving
/// out configured noise and the citation's volatile lines. The baseline's text is the one the running extractor gives
/// for its bytes (<see cref="BaselineTexts"/>). Changed text goes on to <see cref="ChangeConfirmer"/>.
/// </summary>
internal sealed class BaselineComparer(
    BaselineTexts baselineTexts, NoiseRulesProvider noise, VolatileLineStore volatileLines, ChangeConfirmer confirmer)
{
    public async Task<Compared> CompareAsync(CitationRow citation, SnapshotRow? baseline, Look look, CancellationToken cancellationToken)
    {
        if (look.Capture is not { } capture || look.Fetch.Status != CheckStatus.Ok || baseline is null)
        {
            return new(look, null, null, null);
        }

        var previous = await baselineTexts.ReadAsync(baseline, citation.Host, cancellationToken);
        if (previous.TextSha256 == capture.TextSha256)
        {
            return new(look, baseline.Id, null, Classify(previous, look.Fetch, capture, null)) { Baseline = previous };
        }

        var previousText = await previous.TextAsync(cancellationToken);
        var rules = noise.RulesFor(citation.Host, await volatileLines.ShapesAsync(citation.Id, cancellationToken));
        var comparison = Compare(previousText, capture.Content.Text, rules);
        return comparison.Changed
            ? await confirmer.ConfirmAsync(citation, previous, previousText, rules, look, cancellationToken)
            : new(look, baseline.Id, comparison, Classify(previous, look.Fetch, capture, comparison)) { Baseline = previous };
    }

    /// <summary>Two texts compared as the monitor compares them: noise and volatile lines left out first.</summary>
    public static TextComparison Compare(string previous, string current, NoiseRules rules) =>
        TextComparer.Compare(NoiseFilter.Comparable(previous, rules), NoiseFilter.Comparable(current, rules));

    /// <summary>What kind of change, if any, the capture is against the baseline; see <see cref="ChangeClassifier"/>.</summary>
    public static ChangeKind? Classify(BaselineText baseline, FetchResult fetch, Capture capture, TextComparison? comparison) =>
        ChangeClassifier.Classify(
            baseline.Facts,
            new SnapshotFacts(capture.Content.Kind, capture.Content.Title, fetch.FinalUrl, capture.TextSha256),
            comparison);
}
