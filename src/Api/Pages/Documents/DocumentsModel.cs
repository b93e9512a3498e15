using CitationMonitor.Domain.Documents;
using CitationMonitor.Domain.Vocabulary;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Api.Pages.Documents;

/// <summary>A document in the list: what it is, when it came, and its sources by health.</summary>
public sealed record DocumentItem(
    long Id, string Title, string? SourceUrl, DocumentKind Kind, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt, int CitationCount,
    IReadOnlyDictionary<string, int> ByHealth);

/// <summary>The documents page: a page of documents, newest first, each with its health bar.</summary>
public sealed record DocumentsModel(IReadOnlyList<DocumentItem> Documents, int Page, int PageSize, int Total, string? Query, bool Retired)
{
    public const int Size = 50;

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    internal static async Task<DocumentsModel> LoadAsync(
        int page, string? query, bool retired, DocumentStore documents, CitationStore citations, CancellationToken cancellationToken)
    {
        var rows = await documents.ListAsync(new PageRequest(Math.Max(1, page), Size), retired, query, cancellationToken);
        var health = await citations.HealthOfDocumentsAsync([.. rows.Items.Select(d => d.Id)], cancellationToken);
        var items = rows.Items.Select(d => new DocumentItem(
            d.Id, d.Title, d.SourceUrl, d.Kind, d.CreatedAt, d.PublishedAt, d.CitationCount,
            health[d.Id].ToDictionary(h => WireName.Of(h.Key), h => h.Value, StringComparer.Ordinal))).ToList();
        return new DocumentsModel(items, rows.Page, rows.PageSize, rows.Total, string.IsNullOrWhiteSpace(query) ? null : query.Trim(), retired);
    }
}
