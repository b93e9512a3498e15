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
/// of that extraction, its hashes, and, for content not stored yet, its compressed form, prepared before the write so
/// that compression never holds the database's write lock.
/// </summary>
internal sealed class CaptureExtractor(NoiseRulesProvider noise, IStoredContent stored)
{
    /// <summary>The capture of a fetch; null when the answer is no evidence.</summary>
    public async Task<Capture?> ExtractAsync(CitationRow citation, FetchResult fetch, CancellationToken cancellationToken)
    {
        // An empty answer to a failed request is no evidence; an empty 2xx page is (its text may have been removed).
        // A 304 brought no body: the content is the one already captured.
        if (fetch.NotModified || fetch.Body is not { } body || (body.Length == 0 && fetch.Status != CheckStatus.Ok))
        {
            return null;
        }

        var rules = noise.ExtractionFor(citation.Host);
        var content = ContentExtractor.Extract(body, fetch.ContentType, rules);
        var textBytes = Encoding.UTF8.GetBytes(content.Text);
        var sha256 = BodyCodec.Sha256Hex(body);
        var textSha256 = BodyCodec.Sha256Hex(textBytes);
        var (bodyStored, textStored) = await stored.StoredAsync(sha256, textSha256, cancellationToken);
        return new Capture(
            body, sha256, content, textSha256, fetch.Truncated,
            bodyStored ? null : Compressed.Of(body),
            textStored ? null : Compressed.Of(textBytes),
            ContentExtractor.Stamp(rules));
    }
}
