using CitationMonitor.Api.Citations;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Documents;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;

namespace CitationMonitor.Api.Documents;

/// <summary>
/// A place: the source as one document cites it, its occurrences in the document taken together. The citation's fields,
/// with the passage, its status and the access date this document's own; the first context and the first few, how often
/// the document cites the source, the footnote that cites it (null when none) and whether the URL is the document's own.
/// </summary>
public sealed record DocumentCitationResponse : CitationResponse
{
    public required string Context { get; init; }
    public required IReadOnlyList<string> Contexts { get; init; }
    public int Occurrences { get; init; }
    public string? Footnote { get; init; }
    public bool Self { get; init; }
}

public sealed record DocumentResponse(
    long Id,
    string Title,
    string? SourceUrl,
    string? Description,
    DateTimeOffset CreatedAt,
    int CitationCount,
    IReadOnlyList<DocumentCitationResponse> Citations)
{
    /// <summary>When the document was published; its sources' baseline is a web archive's capture closest to it.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>What the document was read from: pdf, docx, html, bibtex, csl-json or text.</summary>
    public DocumentKind Kind { get; init; } = DocumentKind.Text;

    /// <summary>What its reading left out, and why (email, relative_without_base, scheme, malformed, duplicate, no_url).</summary>
    public IReadOnlyList<SkippedText> Skipped { get; init; } = [];

    /// <summary>The uploaded file kept as evidence: its SHA-256 and size (at <c>/api/documents/{id}/original</c>); null for text.</summary>
    public DocumentOriginalResponse? Original { get; init; }

    /// <summary>How many of the sources it cites have each health, every health listed.</summary>
    public IReadOnlyDictionary<string, int> ByHealth { get; init; } = new Dictionary<string, int>();

    /// <summary>A retired document is left out of lists unless asked for, and still readable by id.</summary>
    public bool Retired { get; init; }
    public DateTimeOffset? RetiredAt { get; init; }
}

/// <summary>
/// A document's uploaded file: its name and media type as sent, its size and SHA-256, and the snapshot that keeps it in
/// the hash chain and WARC exports (<c>/api/snapshots/{snapshotId}</c>, origin <c>upload</c>).
/// </summary>
public sealed record DocumentOriginalResponse(string? Name, string? ContentType, long ByteLength, string Sha256)
{
    public long? SnapshotId { get; init; }
}

/// <summary>
/// Body of <c>POST /api/documents</c>: the document's <c>title</c> and <c>text</c>; or its <c>sourceUrl</c> alone, and the
/// monitor fetches the document from there (its title then defaults to the page's own).
/// </summary>
public sealed record CreateDocumentRequest(
    [property: System.ComponentModel.DataAnnotations.StringLength(1000, MinimumLength = 1, ErrorMessage = "title must be 1 to {1} characters.")] string? Title,
    string? Text,
    [property: System.ComponentModel.DataAnnotations.StringLength(8192, ErrorMessage = "sourceUrl must be at most {1} characters.")] string? SourceUrl,
    [property: System.ComponentModel.DataAnnotations.StringLength(64, ErrorMessage = "publishedAt must be at most {1} characters.")] string? PublishedAt = null);

internal static class DocumentMapping
{
    /// <summary>Places in a document's own answer; the rest at <c>GET /api/documents/{id}/citations</c>.</summary>
    public const int MaxPlacesInAnswer = 500;

    /// <summary>Places in each item of <c>GET /api/documents</c>.</summary>
    public const int MaxPlacesInList = 20;

    public static DocumentResponse ToResponse(
        this DocumentRow row, IReadOnlyList<CitationWithPlaces> citations, IReadOnlyDictionary<CitationHealth, int> byHealth) => new(
        row.Id,
        row.Title,
        row.SourceUrl,
        row.Description,
        row.CreatedAt,
        row.CitationCount,
        [.. citations.Select(c => c.ToDocumentCitation(row))])
    {
        PublishedAt = row.PublishedAt,
        ByHealth = byHealth.ToDictionary(h => h.Key.ToWireName(), h => h.Value),
        Kind = row.Kind,
        Skipped = row.Skipped,
        Original = row.OriginalSha256 is { } sha256 ? new DocumentOriginalResponse(row.OriginalName, row.OriginalType, row.OriginalBytes ?? 0, sha256)
        {
            SnapshotId = row.OriginalSnapshotId,
        } : null,
        Retired = row.Retired,
        RetiredAt = row.RetiredAt,
    };

    public static DocumentCitationResponse ToDocumentCitation(this CitationWithPlaces citation, DocumentRow document)
    {
        var row = citation.Citation;
        var place = citation.PlaceOf(document.Id);
        return CitationMapping.Fill(new DocumentCitationResponse
        {
            Id = row.Id,
            Url = row.Url,
            NormalizedUrl = row.NormalizedUrl,
            Host = row.Host,
            Health = row.Health,
            Context = place?.Contexts.FirstOrDefault() ?? "",
            Contexts = place?.Contexts ?? [],
            Occurrences = place?.Occurrences ?? 0,
            Footnote = place?.Footnote,
            Self = IsOwnUrl(document.SourceUrl, row.UrlKey),
        }, citation) with
        {
            // In a document, the passage is the one this document quotes, not the source's worst.
            Quote = place?.Quote,
            QuoteStatus = place is null ? null : CitationMapping.QuoteStatusOf(place),
            QuoteSimilarity = place?.QuoteSimilarity,
            QuoteMatch = place?.QuoteMatch,
            AccessedAt = place?.AccessedAt,
        };
    }

    /// <summary>Whether a cited URL is the document's own address, compared as the monitor compares sources.</summary>
    public static bool IsOwnUrl(string? documentSourceUrl, string urlKey) =>
        documentSourceUrl is not null
        && UrlNormalizer.TryNormalize(documentSourceUrl, out var own, out _)
        && string.Equals(own!.Key, urlKey, StringComparison.Ordinal);
}
