using CitationMonitor.Domain.Documents;

namespace CitationMonitor.Infrastructure.Export;

/// <summary>
/// A document of a watch list. <see cref="Ref"/> names it inside the file (it is the exporting monitor's id); the
/// importing monitor matches documents by <see cref="Title"/> and <see cref="SourceUrl"/>, never by id.
/// </summary>
internal sealed record WatchlistDocument(long Ref, string Title, string? SourceUrl, DateTimeOffset? PublishedAt)
{
    /// <summary>What the document was read from, where it was first posted; its file is not part of a watch list.</summary>
    public DocumentKind Kind { get; init; } = DocumentKind.Text;

    public bool Retired { get; init; }
}

/// <summary>
/// A place of a watch list: the source as one document cites it (<see cref="DocumentRef"/>, a
/// <see cref="WatchlistDocument.Ref"/>), or, with a null document, the source watched on its own.
/// </summary>
internal sealed record WatchlistPlace(long? DocumentRef)
{
    /// <summary>The passage the document quotes from the source; null when it quotes none.</summary>
    public string? Quote { get; init; }

    /// <summary>When the document says it accessed the source.</summary>
    public DateTimeOffset? AccessedAt { get; init; }

    /// <summary>The text around the first occurrence in the document; null for the source's own place.</summary>
    public string? Context { get; init; }

    /// <summary>The URL as the document first cites it (it may differ from the citation's in scheme, case or fragment).</summary>
    public string? CitedUrl { get; init; }

    /// <summary>The footnote of the first occurrence standing in one, as the document numbers it.</summary>
    public string? Footnote { get; init; }

    /// <summary>How often the document cites the source: for the reader; an import records the first occurrence only.</summary>
    public int Occurrences { get; init; }
}

/// <summary>A watched source of a watch list, with its own settings and every place that cites it.</summary>
internal sealed record WatchlistCitation(string Url, string NormalizedUrl, IReadOnlyList<WatchlistPlace> Places)
{
    /// <summary>Its labels, lower-case and in order.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Its own interval between checks; null: the configured one.</summary>
    public TimeSpan? CheckInterval { get; init; }

    public bool Paused { get; init; }

    public bool Retired { get; init; }
}

/// <summary>A whole watch list, as read from a file to import.</summary>
internal sealed record Watchlist(IReadOnlyList<WatchlistDocument> Documents, IReadOnlyList<WatchlistCitation> Citations);

/// <summary>How many of a kind of thing an import created, and how many it found already there.</summary>
internal sealed record ImportCount(int Created, int Matched);

/// <summary>
/// What an import did: documents, citations and places created or matched, and the edits recorded in the audit (labels,
/// interval, pause, retirement, passages, access dates). Importing the same file again creates nothing and edits nothing.
/// </summary>
internal sealed record WatchlistImported(ImportCount Documents, ImportCount Citations, ImportCount Places, int Changes);

/// <summary>
/// What an export covers: the documents and citations that existed when it started (ids up to these), so that every
/// place in it names a document in it, whatever is added while it is written.
/// </summary>
internal sealed record WatchlistCut(long LastDocumentId, long LastCitationId, DateTimeOffset At);
