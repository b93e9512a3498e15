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
/// between two checks, and extraction is the dearest part of a check).
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

        var content = ContentExtractor.Extract(body, fetch.ContentType, rules);
        var textBytes = Encoding.UTF8.GetBytes(content.Text);
        var textSha256 = BodyCodec.Sha256Hex(textBytes);
        var (bodyStored, textStored) = await stored.StoredAsync(sha256, textSha256, cancellationToken);
        return new Capture(
            body, sha256, content, textSha256, fetch.Truncated,
            bodyStored ? null : Compressed.Of(body, await DeltaSourceAsync(baseline, cancellationToken)),
            textStored ? null : Compressed.Of(textBytes),
            stamp);
    }

    /// <summary>
    /// What a new body may be kept compressed against: the baseline's body (or the base that one is kept against), so
    /// that a page changing only a token or a date costs a delta instead of a whole body.
    /// </summary>
    private Task<DeltaSource?> DeltaSourceAsync(SnapshotRow? baseline, CancellationToken cancellationToken) =>
        baseline is null ? Task.FromResult<DeltaSource?>(null) : stored.DeltaSourceAsync(baseline.Sha256, cancellationToken);

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
