using System.Globalization;
using CitationMonitor.Api.Changes;
using CitationMonitor.Api.Http;
using CitationMonitor.Api.Pages.Home;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Vocabulary;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Api.Pages.Changes;

/// <summary>A filter value the page could not read: which filter, and why (the API's own words).</summary>
public sealed record FilterError(string Field, string Message);

/// <summary>
/// Every change across sources, newest first, filtered as <c>GET /api/changes</c> filters them (kind, size in words,
/// document, detected since and before), a page at a time. Filter values that cannot be read are left out and named.
/// </summary>
public sealed record ChangesModel(
    ChangeKind? Kind,
    int? MinWords,
    long? DocumentId,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    IReadOnlyList<FilterError> Errors,
    Paged<ChangeResponse> Changes,
    IReadOnlyList<DocumentLink> Documents)
{
    public const int PageSize = 50;

    /// <summary>Documents offered in the filter at most.</summary>
    public const int DocumentsOffered = 500;

    /// <summary>The sizes offered: at least this many words inserted and deleted.</summary>
    public static readonly IReadOnlyList<int> Sizes = [1, 5, 10, 50, 100, 500];

    public int Pages => Math.Max(1, (Changes.Total + PageSize - 1) / PageSize);

    internal static async Task<ChangesModel> LoadAsync(
        ChangeQuery query, string? page, ChangeStore changes, DocumentStore documents, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var filter = query.Parse(errors);
        if (errors.Errors.ContainsKey("until"))
        {
            filter = filter with { Until = null };
        }

        if (errors.Errors.ContainsKey("minWords"))
        {
            filter = filter with { MinWords = null };
        }

        var number = errors.Int("page", page, 1, 1, int.MaxValue / PageSize);
        var found = await changes.ListAsync(filter, new PageRequest(number, PageSize), cancellationToken);
        var offered = (await documents.ListAsync(new PageRequest(1, DocumentsOffered), retired: false, cancellationToken)).Items
            .Select(d => new DocumentLink(d.Id, d.Title)).ToList();
        if (filter.DocumentId is { } chosen && offered.All(d => d.Id != chosen))
        {
            offered.Add(new DocumentLink(chosen, (await documents.GetAsync(chosen, cancellationToken))?.Title ?? $"#{chosen}"));
        }

        return new ChangesModel(
            filter.Kind, filter.MinWords, filter.DocumentId, filter.Since, filter.Until,
            [.. errors.Errors.SelectMany(e => e.Value.Select(message => new FilterError(e.Key, message)))],
            found.Map(c => c.ToResponse()),
            offered);
    }

    /// <summary>The query string of these filters (the ones that could be read), with <paramref name="page"/> when past the first.</summary>
    public string Query(int page = 1)
    {
        var pairs = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                pairs.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("kind", Kind is { } kind ? WireName.Of(kind) : null);
        Add("minWords", MinWords?.ToString(CultureInfo.InvariantCulture));
        Add("documentId", DocumentId?.ToString(CultureInfo.InvariantCulture));
        Add("since", Date(Since));
        Add("until", Date(Until));
        Add("page", page > 1 ? page.ToString(CultureInfo.InvariantCulture) : null);
        return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
    }

    /// <summary>A time as a query gives it: <c>yyyy-MM-dd</c> (UTC) at midnight, else its whole ISO form.</summary>
    private static string? Date(DateTimeOffset? time) => time is not { } t ? null
        : t.UtcDateTime.TimeOfDay == TimeSpan.Zero ? t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
