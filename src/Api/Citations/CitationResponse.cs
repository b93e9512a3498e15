using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Infrastructure.Citations;

namespace CitationMonitor.Api.Citations;

/// <summary>A place where a document cites this source.</summary>
/// <summary>A document citing the source, where, and the passage it quotes next to the URL (null when it quotes none).</summary>
public sealed record CitationDocumentResponse(long Id, string Title, string Context, string CitedUrl, int? Line, string? Quote);

/// <summary>A watched source. Open for <see cref="Documents.DocumentCitationResponse"/>, which adds the citing context.</summary>
public record CitationResponse
{
    public required long Id { get; init; }
    public required string Url { get; init; }
    public required string NormalizedUrl { get; init; }
    public required string Host { get; init; }
    public required CitationHealth Health { get; init; }
    public CheckStatus? LastStatus { get; init; }
    public int? LastHttpStatus { get; init; }
    public string? LastReason { get; init; }
    public DateTimeOffset? LastCheckedAt { get; init; }
    public DateTimeOffset NextCheckAt { get; init; }
    public DateTimeOffset? LastOkAt { get; init; }
    public DateTimeOffset? LastChangedAt { get; init; }
    public string? FinalUrl { get; init; }

    /// <summary>Where the URL has moved permanently (301, 308), as of the last check that got an answer; null when it has not.</summary>
    public string? MovedTo { get; init; }
    public string? Title { get; init; }
    public int ConsecutiveFailures { get; init; }
    public int CheckCount { get; init; }
    public int ChangeCount { get; init; }
    public int SnapshotCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public IReadOnlyList<CitationDocumentResponse> Documents { get; init; } = [];

    /// <summary>The passage the citation quotes, if any, and whether the last check still found it.</summary>
    public string? Quote { get; init; }
    public QuoteStatus? QuoteStatus { get; init; }
    public double? QuoteSimilarity { get; init; }
    public string? QuoteMatch { get; init; }

    /// <summary>A web archive's copy of the source closest to when the monitor first saw it, and when the archive made it.</summary>
    public string? ArchivedUrl { get; init; }
    public DateTimeOffset? ArchivedAt { get; init; }
}

internal static class CitationMapping
{
    public static CitationResponse ToResponse(this CitationWithPlaces citation) => Fill(new CitationResponse
    {
        Id = citation.Citation.Id,
        Url = citation.Citation.Url,
        NormalizedUrl = citation.Citation.NormalizedUrl,
        Host = citation.Citation.Host,
        Health = citation.Citation.Health,
    }, citation);

    /// <summary>Copies every stored field onto a response (or a subtype of it).</summary>
    public static T Fill<T>(T response, CitationWithPlaces citation) where T : CitationResponse
    {
        var row = citation.Citation;
        return response with
        {
            LastStatus = row.LastStatus,
            LastHttpStatus = row.LastHttpStatus,
            LastReason = row.LastReason,
            LastCheckedAt = row.LastCheckedAt,
            NextCheckAt = row.NextCheckAt,
            LastOkAt = row.LastOkAt,
            LastChangedAt = row.LastChangedAt,
            FinalUrl = row.FinalUrl,
            MovedTo = row.MovedTo,
            Title = row.Title,
            ConsecutiveFailures = row.ConsecutiveFailures,
            CheckCount = row.CheckCount,
            ChangeCount = row.ChangeCount,
            SnapshotCount = row.SnapshotCount,
            CreatedAt = row.CreatedAt,
            Documents = [.. citation.Places.Select(p => new CitationDocumentResponse(p.DocumentId, p.DocumentTitle, p.Context, p.CitedUrl, p.Line, p.Quote))],
            Quote = row.Quote,
            QuoteStatus = row.Quote is null ? Domain.Quotes.QuoteStatus.None
                : row.QuoteStatus,
            QuoteSimilarity = row.QuoteSimilarity,
            QuoteMatch = row.QuoteMatch,
            ArchivedUrl = row.ArchivedUrl,
            ArchivedAt = row.ArchivedAt,
        };
    }
}
