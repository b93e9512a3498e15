using System.Globalization;
using CitationMonitor.Api.Documents;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Vocabulary;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Options;

namespace CitationMonitor.Api.Pages.Documents;

/// <summary>How the document page shows its sources: sorted by one column, filtered by health, by text and to those needing attention.</summary>
public sealed record DocumentView(string Sort, CitationHealth? Health, string? Query, bool Attention, int Page)
{
    /// <summary>The orders the page offers, the first the default (the document's own order).</summary>
    public static readonly IReadOnlyList<string> Sorts = ["document", "health", "status", "change", "passage", "source"];

    public static DocumentView Parse(string? sort, string? health, string? q, string? attention, string? page) => new(
        sort is not null && Sorts.Contains(sort) ? sort : Sorts[0],
        health is not null && WireName.All<CitationHealth>().Contains(health) ? WireName.Parse<CitationHealth>(health) : null,
        string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
        attention is "1" or "true",
        int.TryParse(page, out var number) && number > 0 ? number : 1);

    /// <summary>This view's address with one thing changed.</summary>
    public string Link(long documentId, string? sort = null, int? page = null)
    {
        var query = new List<string>();
        var order = sort ?? Sort;
        if (order != Sorts[0])
        {
            query.Add("sort=" + order);
        }

        if (Health is { } health)
        {
            query.Add("health=" + WireName.Of(health));
        }

        if (Query is { } text)
        {
            query.Add("q=" + Uri.EscapeDataString(text));
        }

        if (Attention)
        {
            query.Add("attention=1");
        }

        if ((page ?? (sort is null ? Page : 1)) is var number and > 1)
        {
            query.Add("page=" + number.ToString(CultureInfo.InvariantCulture));
        }

        return $"/documents/{documentId}" + (query.Count == 0 ? "" : "?" + string.Join('&', query)) + "#sources";
    }
}

/// <summary>A document's page: what it is, and its report, sorted and filtered, a page of rows at a time.</summary>
public sealed record DocumentPageModel(
    DocumentResponse Document, DocumentReport Report, IReadOnlyList<DocumentReportCitation> Rows, int Matching, int Pages, DocumentView View)
{
    /// <summary>Rows per page: a document of thousands of sources stays quick to render and to read.</summary>
    public const int PageSize = 500;

    internal static async Task<DocumentPageModel?> LoadAsync(
        long id, DocumentView view, DocumentStore documents, CitationStore citations, HealthTransitionStore transitions, ChangeStore changes,
        HealthOptions health, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await documents.GetAsync(id, cancellationToken) is not { } row
            || await DocumentsApi.BuildReportAsync(
                id, documents, citations, transitions, changes, health, time, cancellationToken, CultureInfo.CurrentUICulture) is not { } report)
        {
            return null;
        }

        var byHealth = Enum.GetValues<CitationHealth>().ToDictionary(h => h, h => report.Totals.ByHealth.GetValueOrDefault(WireName.Of(h)));
        var matching = Sorted(Filtered(report.Citations, view), view.Sort).ToList();
        var pages = Math.Max(1, (matching.Count + PageSize - 1) / PageSize);
        var page = Math.Min(view.Page, pages);
        return new DocumentPageModel(
            row.ToResponse([], byHealth), report, [.. matching.Skip((page - 1) * PageSize).Take(PageSize)], matching.Count, pages, view with { Page = page });
    }

    private static IEnumerable<DocumentReportCitation> Filtered(IEnumerable<DocumentReportCitation> rows, DocumentView view) =>
        rows.Where(r => (view.Health is null || r.Health == view.Health)
            && (!view.Attention || Verdicts.NeedsAttention(r.Health, r.QuoteStatus))
            && (view.Query is null || Contains(r.Url, view.Query) || Contains(r.Context, view.Query) || Contains(r.FinalUrl, view.Query)));

    private static bool Contains(string? text, string query) => text?.Contains(query, StringComparison.OrdinalIgnoreCase) == true;

    private static IEnumerable<DocumentReportCitation> Sorted(IEnumerable<DocumentReportCitation> rows, string sort) => sort switch
    {
        "health" => rows.OrderBy(r => HealthRank(r.Health)),
        "status" => rows.OrderBy(r => r.LastStatus is null ? 2 : r.LastStatus == Domain.Checks.CheckStatus.Ok ? 1 : 0).ThenBy(r => r.LastStatus),
        "change" => rows.OrderByDescending(r => r.LastChangedAt ?? DateTimeOffset.MinValue),
        "passage" => rows.OrderBy(r => r.QuoteStatus switch { QuoteStatus.Missing => 0, QuoteStatus.Altered => 1, QuoteStatus.Found => 2, _ => 3 }),
        "source" => rows.OrderBy(r => r.Url, StringComparer.OrdinalIgnoreCase),
        _ => rows,
    };

    private static int HealthRank(CitationHealth health) => health switch
    {
        CitationHealth.Broken => 0,
        CitationHealth.Blocked => 1,
        CitationHealth.Degraded => 2,
        CitationHealth.Unknown => 3,
        _ => 4,
    };
}
