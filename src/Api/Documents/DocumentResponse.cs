using CitationMonitor.Api.Citations;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;

namespace CitationMonitor.Api.Documents;

/// <summary>A citation as one document cites it: the first context, and every context when cited more than once.</summary>
public sealed record DocumentCitationResponse : CitationResponse
{
    public required string Context { get; init; }
    public required IReadOnlyList<string> Contexts { get; init; }
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
}

/// <summary>Body of <c>POST /api/documents</c>.</summary>
public sealed record CreateDocumentRequest(
    [property: System.ComponentModel.DataAnnotations.Required, System.ComponentModel.DataAnnotations.StringLength(1000, MinimumLength = 1)] string Title,
    [property: System.ComponentModel.DataAnnotations.Required] string Text,
    [property: System.ComponentModel.DataAnnotations.StringLength(8192)] string? SourceUrl,
    [property: System.ComponentModel.DataAnnotations.StringLength(64)] string? PublishedAt = null);

internal static class DocumentMapping
{
    public static DocumentResponse ToResponse(this DocumentRow row, IReadOnlyList<CitationWithPlaces> citations) => new(
        row.Id,
        row.Title,
        row.SourceUrl,
        row.Description,
        row.CreatedAt,
        row.CitationCount,
        [.. citations.Select(c => c.ToDocumentCitation(row.Id))])
    {
        PublishedAt = row.PublishedAt,
    };

    private static DocumentCitationResponse ToDocumentCitation(this CitationWithPlaces citation, long documentId)
    {
        var contexts = citation.Places.Where(p => p.DocumentId == documentId).Select(p => p.Context).ToList();
        var row = citation.Citation;
        return CitationMapping.Fill(new DocumentCitationResponse
        {
            Id = row.Id,
            Url = row.Url,
            NormalizedUrl = row.NormalizedUrl,
            Host = row.Host,
            Health = row.Health,
            Context = contexts.FirstOrDefault() ?? "",
            Contexts = contexts,
        }, citation);
    }
}
