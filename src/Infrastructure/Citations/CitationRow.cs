using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;

namespace CitationMonitor.Infrastructure.Citations;

/// <summary>A stored citation, one per distinct source (normalized URL key).</summary>
internal sealed class CitationRow
{
    public long Id { get; init; }
    public string Url { get; init; } = "";
    public string NormalizedUrl { get; init; } = "";
    public string UrlKey { get; init; } = "";
    public string Host { get; init; } = "";
    public CitationHealth Health { get; init; }
    public CheckStatus? LastStatus { get; init; }
    public int? LastHttpStatus { get; init; }
    public string? LastReason { get; init; }
    public DateTimeOffset? LastCheckedAt { get; init; }
    public DateTimeOffset NextCheckAt { get; init; }
    public DateTimeOffset? LastOkAt { get; init; }
    public DateTimeOffset? LastChangedAt { get; init; }
    public string? FinalUrl { get; init; }
    public string? Title { get; init; }
    public int ConsecutiveFailures { get; init; }
    public DateTimeOffset? FirstFailureAt { get; init; }
    public int CheckCount { get; init; }
    public int ChangeCount { get; init; }
    public int SnapshotCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string? Quote { get; init; }

    /// <summary>Whether the last check that looked found the passage; null while it has not been looked for.</summary>
    public QuoteStatus? QuoteStatus { get; init; }
    public double? QuoteSimilarity { get; init; }
    public string? QuoteMatch { get; init; }
    public string? MovedTo { get; init; }

    /// <summary>A web archive's capture of the source closest to its first-seen date.</summary>
    public string? ArchivedUrl { get; init; }

    /// <summary>When that web archive capture was made.</summary>
    public DateTimeOffset? ArchivedAt { get; init; }
}

/// <summary>One place where a document cites a citation.</summary>
internal sealed class CitationPlaceRow
{
    public long CitationId { get; init; }
    public long DocumentId { get; init; }
    public string DocumentTitle { get; init; } = "";
    public string CitedUrl { get; init; } = "";
    public string Context { get; init; } = "";
    public int? Line { get; init; }
    public int Position { get; init; }
    public string? Quote { get; init; }
}

/// <summary>A citation together with every place it is cited.</summary>
internal sealed record CitationWithPlaces(CitationRow Citation, IReadOnlyList<CitationPlaceRow> Places);

/// <summary>Filters of <c>GET /api/citations</c>; null means "any".</summary>
internal sealed record CitationFilter(
    CitationHealth? Health = null,
    CheckStatus? Status = null,
    string? Host = null,
    long? DocumentId = null,
    DateTimeOffset? ChangedSince = null,
    string? Query = null);
