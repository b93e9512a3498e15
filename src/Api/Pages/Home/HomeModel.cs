using CitationMonitor.Api.Changes;
using CitationMonitor.Api.Citations;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Summary;

namespace CitationMonitor.Api.Pages.Home;

/// <summary>A source that needs a person now, and why (one or more of the reasons the home page lists).</summary>
public sealed record AttentionItem(CitationResponse Source, IReadOnlyList<string> Reasons);

/// <summary>What a search of the home page found: sources (by URL, title, host or context) and documents (by title or address).</summary>
public sealed record SearchResults(string? Query, CitationHealth? Health, IReadOnlyList<CitationResponse> Sources, int SourcesTotal, IReadOnlyList<DocumentLink> Documents);

/// <summary>A document as a link: its id and title.</summary>
public sealed record DocumentLink(long Id, string Title);

/// <summary>The home page: totals by health, the sources that need attention now, the latest changes, and a search.</summary>
public sealed record HomeModel(MonitorSummary Summary, IReadOnlyList<AttentionItem> Attention, IReadOnlyList<ChangeResponse> RecentChanges, SearchResults? Search)
{
    /// <summary>Sources listed per reason at most; the rest are a search away.</summary>
    public const int PerReason = 20;

    public const int Found = 50;

    internal static async Task<HomeModel> LoadAsync(
        string? query, CitationHealth? health, SummaryStore summaries, CitationStore citations, ChangeStore changes, DocumentStore documents,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var firstPage = new PageRequest(1, PerReason);
        var weekAgo = time.GetUtcNow().AddDays(-7);
        (string Reason, CitationFilter Filter)[] reasons =
        [
            ("Broken", new CitationFilter(Health: CitationHealth.Broken)),
            ("Blocked", new CitationFilter(Health: CitationHealth.Blocked)),
            ("Passage missing", new CitationFilter { Quote = QuoteStatus.Missing }),
            ("Changed in the last 7 days", new CitationFilter(ChangedSince: weekAgo)),
            ("Failing, not yet broken", new CitationFilter(Health: CitationHealth.Degraded)),
        ];
        // In the order first found, each source once with all its reasons.
        var attention = new List<(CitationResponse Source, List<string> Reasons)>();
        var listed = new Dictionary<long, List<string>>();
        foreach (var (reason, filter) in reasons)
        {
            foreach (var found in (await citations.ListAsync(filter, firstPage, cancellationToken)).Items)
            {
                if (!listed.TryGetValue(found.Citation.Id, out var why))
                {
                    why = listed[found.Citation.Id] = [];
                    attention.Add((found.ToResponse(), why));
                }

                why.Add(reason);
            }
        }

        SearchResults? search = null;
        if (!string.IsNullOrWhiteSpace(query) || health is not null)
        {
            var sources = await citations.ListAsync(new CitationFilter(Health: health, Query: query), new PageRequest(1, Found), cancellationToken);
            var matching = string.IsNullOrWhiteSpace(query)
                ? []
                : (await documents.ListAsync(new PageRequest(1, Found), retired: false, query, cancellationToken)).Items
                    .Select(d => new DocumentLink(d.Id, d.Title)).ToList();
            search = new SearchResults(query?.Trim(), health, [.. sources.Items.Select(s => s.ToResponse())], sources.Total, matching);
        }

        return new HomeModel(
            await summaries.GetAsync(cancellationToken),
            [.. attention.Select(a => new AttentionItem(a.Source, a.Reasons))],
            [.. (await changes.ListAsync(new ChangeFilter(), new PageRequest(1, 10), cancellationToken)).Items.Select(c => c.ToResponse())],
            search);
    }
}
