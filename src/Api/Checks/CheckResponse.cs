using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Fetching;

namespace CitationMonitor.Api.Checks;

/// <summary>
/// One check. <c>notModified</c>: the source answered 304 to the validators of the last capture, so it still serves
/// what was captured and no snapshot was taken. <c>movedTo</c>: where the URL has moved permanently (301, 308), null
/// when it has not.
/// </summary>
public sealed record CheckResponse(
    long Id,
    long CitationId,
    DateTimeOffset StartedAt,
    long DurationMs,
    CheckStatus Status,
    int? HttpStatus,
    string? FinalUrl,
    IReadOnlyList<RedirectHop> Redirects,
    int Attempts,
    string? Error,
    string? Reason,
    string? ContentType,
    long? SnapshotId,
    bool ContentChanged,
    QuoteStatus? QuoteStatus,
    double? QuoteSimilarity,
    string? QuoteMatch,
    bool NotModified,
    string? MovedTo);

internal static class CheckMapping
{

    public static CheckResponse ToResponse(this CheckRow row) => new(
        row.Id,
        row.CitationId,
        row.StartedAt,
        row.DurationMs,
        row.Status,
        row.HttpStatus,
        row.FinalUrl,
        row.Redirects,
        row.Attempts,
        row.Error,
        row.Reason,
        row.ContentType,
        row.SnapshotId,
        row.ContentChanged,
        row.QuoteStatus,
        row.QuoteSimilarity,
        row.QuoteMatch,
        row.NotModified,
        row.MovedTo);
}
