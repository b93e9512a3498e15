using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;

namespace CitationMonitor.Infrastructure.Checks.Recording;

/// <summary>
/// Writes a check's capture: its body and text when they are not stored yet, its snapshot row with the exchange that
/// brought it, and the row's seal in the hash chain.
/// </summary>
internal sealed class SnapshotWriter(SnapshotStore snapshots)
{
    /// <summary>The new snapshot's id; null when the check captured nothing.</summary>
    public async Task<long?> WriteAsync(UnitOfWork work, CheckOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Capture is not { } capture)
        {
            return null;
        }

        if (capture.NewBody is { } newBody)
        {
            await snapshots.StoreBodyAsync(work, capture.Sha256, capture.Bytes.LongLength, newBody, outcome.RecordedAt, cancellationToken);
        }

        if (capture.NewText is { } newText)
        {
            await snapshots.StoreTextAsync(work, capture.TextSha256, capture.Content.Text.Length, newText, cancellationToken);
        }

        var fetch = outcome.Fetch;
        var id = await snapshots.InsertCaptureAsync(
            work,
            new SnapshotRow
            {
                CitationId = outcome.CitationId,
                CapturedAt = fetch.StartedAt,
                Url = fetch.Url,
                FinalUrl = fetch.FinalUrl,
                HttpStatus = fetch.HttpStatus ?? 0,
                CheckStatus = fetch.Status,
                ContentType = fetch.ContentType,
                Kind = capture.Content.Kind,
                ByteLength = capture.Bytes.LongLength,
                Sha256 = capture.Sha256,
                TextSha256 = capture.TextSha256,
                Truncated = capture.Truncated,
                Title = capture.Content.Title,
                Extraction = capture.Extraction,
                Unconfirmed = outcome.Unconfirmed,
                ETag = Validator(fetch, "ETag"),
                LastModified = Validator(fetch, "Last-Modified"),
                RequestMethod = fetch.Exchange?.Method,
                RequestUrl = fetch.Exchange?.Url,
                RequestHeaders = HeaderFields.ToJson(fetch.Exchange?.RequestHeaders),
                HttpVersion = fetch.Exchange?.HttpVersion,
                ReasonPhrase = fetch.Exchange?.Reason,
                ResponseHeaders = HeaderFields.ToJson(fetch.Exchange?.ResponseHeaders),
            },
            cancellationToken);
        await SnapshotChain.SealAsync(work, id, cancellationToken);
        return id;
    }

    /// <summary>A validator of the final answer as sent, to send back later; one too long to be sane is not kept.</summary>
    private static string? Validator(FetchResult fetch, string header) =>
        fetch.ResponseHeaders.TryGetValue(header, out var value) && value.Length is > 0 and <= 512 ? value : null;
}
