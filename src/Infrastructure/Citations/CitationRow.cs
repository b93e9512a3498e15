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
    public string? MovedTo { get; init; }

    /// <summary>A web archive's capture of the source closest to its first-seen date.</summary>
    public string? ArchivedUrl { get; init; }

    /// <summary>When that web archive capture was made.</summary>
    public DateTimeOffset? ArchivedAt { get; init; }

    /// <summary>The scheduler leaves a paused citation alone until it is resumed; it can still be checked on demand.</summary>
    public bool Paused { get; init; }

    /// <summary>A retired citation is checked no more and left out of lists; all it gathered is kept.</summary>
    public bool Retired { get; init; }
    public DateTimeOffset? RetiredAt { get; init; }

    /// <summary>Seconds between its checks, when it has an interval of its own (column <c>check_interval</c>).</summary>
    public long? CheckIntervalSeconds { get; init; }

    /// <summary>Its own check interval; null: <c>Monitor:Worker:CheckInterval</c>.</summary>
    public TimeSpan? CheckInterval => CheckIntervalSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>Its labels, lower-case, in order; read with the citation for an answer (empty otherwise).</summary>
    public IReadOnlyList<string> Labels { get; set; } = [];
}

/// <summary>
/// A place: one document citing one source (its occurrences in the document taken together), or the source watched
/// without a document (<see cref="DocumentId"/> null), with the passage that document quotes and the last verdict on it.
/// </summary>
internal sealed class PlaceRow
{
    public long Id { get; init; }
    public long? DocumentId { get; init; }
    public string? DocumentTitle { get; init; }

    /// <summary>The URL the document itself lives at, if it said; a place whose source is that URL is the document's own.</summary>
    public string? DocumentSourceUrl { get; init; }
    public long CitationId { get; init; }

    /// <summary>The passage the document quotes from the source; null when it quotes none.</summary>
    public string? Quote { get; init; }

    /// <summary>Whether the last check that looked found the passage; null while it has not been looked for.</summary>
    public QuoteStatus? QuoteStatus { get; init; }
    public double? QuoteSimilarity { get; init; }
    public string? QuoteMatch { get; init; }

    /// <summary>When the document says it accessed the source.</summary>
    public DateTimeOffset? AccessedAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>How often the document cites the source (0 for a source watched without a document).</summary>
    public int Occurrences { get; init; }

    /// <summary>The URL as the document first cites it, and on which line.</summary>
    public string? CitedUrl { get; init; }
    public int? Line { get; init; }

    /// <summary>The footnote of the first occurrence that stands in one, as the document numbers it; null when none does.</summary>
    public string? Footnote { get; init; }

    /// <summary>The text around the first few occurrences (at most <see cref="CitationStore.MaxContexts"/>), in citing order.</summary>
    public IReadOnlyList<string> Contexts { get; set; } = [];
}

/// <summary>What all the places of a citation say together, however many there are.</summary>
internal sealed class PlaceSummary
{
    public long CitationId { get; init; }

    /// <summary>How many documents cite the source.</summary>
    public int DocumentCount { get; init; }

    /// <summary>Its places: the documents', and its own when it is watched without one.</summary>
    public int PlaceCount { get; init; }

    /// <summary>The earliest date a document citing the source says it accessed it.</summary>
    public DateTimeOffset? AccessedAt { get; init; }
}

/// <summary>
/// A citation with the places an answer shows (its first documents, its own place, the place whose passage speaks for
/// it and the place of the document asked about; for a check, every place that quotes a passage) and what all its
/// places say together.
/// </summary>
internal sealed record CitationWithPlaces(CitationRow Citation, IReadOnlyList<PlaceRow> Places, PlaceSummary Summary, long? QuotePlaceId)
{
    /// <summary>The place whose passage speaks for the source: the first with the worst status (see <see cref="PlacePassages.Worst"/>).</summary>
    public PlaceRow? QuotePlace => Places.FirstOrDefault(p => p.Id == QuotePlaceId);

    /// <summary>The source's passage status: the worst of its places'.</summary>
    public QuoteStatus? QuoteStatus => QuotePlace is { } place ? place.QuoteStatus : Domain.Quotes.QuoteStatus.None;

    /// <summary>The earliest date a document says it accessed the source.</summary>
    public DateTimeOffset? AccessedAt => Summary.AccessedAt;

    /// <summary>The first documents that cite the source (at most <see cref="PlaceStore.MaxListed"/>), in document order.</summary>
    public IEnumerable<PlaceRow> DocumentPlaces => Places.Where(p => p.DocumentId is not null).OrderBy(p => p.DocumentId).Take(PlaceStore.MaxListed);

    /// <summary>The place of a document, when it was read with the citation.</summary>
    public PlaceRow? PlaceOf(long documentId) => Places.FirstOrDefault(p => p.DocumentId == documentId);
}

/// <summary>
/// Filters of <c>GET /api/citations</c>; null means "any". Retired citations are listed only when asked for
/// (<see cref="Retired"/> true), and then only they.
/// </summary>
internal sealed record CitationFilter(
    CitationHealth? Health = null,
    CheckStatus? Status = null,
    string? Host = null,
    long? DocumentId = null,
    DateTimeOffset? ChangedSince = null,
    string? Query = null,
    string? Label = null,
    bool? Paused = null,
    bool Retired = false)
{
    /// <summary>Citations with a place whose passage has this status.</summary>
    public Domain.Quotes.QuoteStatus? Quote { get; init; }
}
