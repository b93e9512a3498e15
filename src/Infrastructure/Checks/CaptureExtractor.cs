using System.Text;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Checks.Recording;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Snapshots;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>
/// The extract step: what a fetched body holds (its main text and title, the host's ignore selectors applied), the stamp
/// of that extraction, its hashes, and, for content not stored yet, its compressed form (a body against its baseline's
/// when that pays), prepared before the write so that compression never holds the database's write lock. A body byte
/// for byte the same as the baseline's, served with the same Content-Type and read by the same extraction, has the
/// baseline's text: that text is taken from storage instead of being extracted again (most sources do not change
/// between two checks, and extraction is the dearest part of a check). So is a body that differs from the baseline's
/// only inside comments or hidden inputs' values (<see cref="TextNeutralEdits"/>): a page that carries a new session
/// token or "generated at" stamp each time it is served.
/// </summary>
internal sealed class CaptureExtractor(NoiseRulesProvider noise, IStoredContent stored)
{
    /// <summary>The capture of a fetch; null when the answer is no evidence.</summary>
    /// <param name="citation">The citation the fetch was made for.</param>
    /// <param name="fetch">The answer.</param>
    /// <param name="baseline">The capture the check compares with, if any: its text stands for an identical body's.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<Capture?> ExtractAsync(CitationRow citation, FetchResult fetch, SnapshotRow? baseline, CancellationToken cancellationToken)
    {
        // An empty answer to a failed request is no evidence; an empty 2xx page is (its text may have been removed).
        // A 304 brought no body: the content is the one already captured.
        if (fetch.NotModified || fetch.Body is not { } body || (body.Length == 0 && fetch.Status != CheckStatus.Ok))
        {
            return null;
        }

        var rules = noise.ExtractionFor(citation.Host);
        var stamp = ContentExtractor.Stamp(rules);
        var sha256 = BodyCodec.Sha256Hex(body);
        if (await SameAsBaselineAsync(baseline, sha256, fetch, stamp, cancellationToken) is { } same)
        {
            return new Capture(body, sha256, same, baseline!.TextSha256, fetch.Truncated, null, null, stamp);
        }

        // The baseline's body: what a new body is compressed against, and what tells a change outside the text.
        var previous = baseline is null ? null : await stored.BodyAsync(baseline.Sha256, cancellationToken);
        if (await OutsideTextOfBaselineAsync(baseline, previous, body, fetch, stamp, cancellationToken) is { } unchanged)
        {
            var (kept, _) = await stored.StoredAsync(sha256, baseline!.TextSha256, cancellationToken);
            return new Capture(
                body, sha256, unchanged, baseline.TextSha256, fetch.Truncated, kept ? null : Compressed.Of(body, previous!.DeltaSource), null, stamp);
        }

        var content = ContentExtractor.Extract(body, fetch.ContentType, rules);
        var textBytes = Encoding.UTF8.GetBytes(content.Text);
        var textSha256 = BodyCodec.Sha256Hex(textBytes);
        var (bodyStored, textStored) = await stored.StoredAsync(sha256, textSha256, cancellationToken);
        return new Capture(
            body, sha256, content, textSha256, fetch.Truncated,
            bodyStored ? null : Compressed.Of(body, previous?.DeltaSource),
            textStored ? null : Compressed.Of(textBytes),
            stamp);
    }

    /// <summary>
    /// The baseline's content when the body differs from the baseline's only where no extraction reads (a token in a
    /// hidden input, a stamp in a comment: <see cref="TextNeutralEdits"/>), read by the same extraction with no ignore
    /// selectors (a selector could pick an element by its attributes); null otherwise, or when the baseline's text is not
    /// kept intact or is empty.
    /// </summary>
    private async Task<ExtractedContent?> OutsideTextOfBaselineAsync(
        SnapshotRow? baseline, StoredBody? previous, byte[] body, FetchResult fetch, string stamp, CancellationToken cancellationToken)
    {
        if (baseline is null || previous is null || baseline.Kind != ContentKinds.Html || baseline.Truncated != fetch.Truncated
            || !string.Equals(baseline.ContentType, fetch.ContentType, StringComparison.Ordinal)
            || !ExtractionStamp.Matches(baseline.Extraction, stamp) || ExtractionStamp.HasSelectors(stamp)
            || !TextNeutralEdits.OnlyOutsideText(previous.Bytes, body)
            || await stored.ReusableTextAsync(baseline.Sha256, baseline.TextSha256, cancellationToken) is not { Length: > 0 } text)
        {
            return null;
        }

        return new ExtractedContent(baseline.Kind, baseline.Title, text);
    }

    /// <summary>
    /// The baseline's content when the body is the baseline's, as the same extraction reads it; null when anything that
    /// goes into the text differs (the bytes, the Content-Type with its charset, the stamp), when the text or the body is
    /// not kept intact, or when the text is empty (an extraction that gave nothing, perhaps cut short on a busy
    /// machine, is tried again rather than kept for as long as the bytes stay the same).
    /// </summary>
    private async Task<ExtractedContent?> SameAsBaselineAsync(
        SnapshotRow? baseline, string sha256, FetchResult fetch, string stamp, CancellationToken cancellationToken)
    {
        if (baseline is null || baseline.Sha256 != sha256 || baseline.Truncated != fetch.Truncated
            || !string.Equals(baseline.ContentType, fetch.ContentType, StringComparison.Ordinal)
            || !ExtractionStamp.Matches(baseline.Extraction, stamp)
            || await stored.ReusableTextAsync(sha256, baseline.TextSha256, cancellationToken) is not { Length: > 0 } text)
        {
            return null;
        }

        return new ExtractedContent(baseline.Kind, baseline.Title, text);
    }
}
