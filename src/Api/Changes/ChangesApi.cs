using System.Globalization;
using CitationMonitor.Api.Http;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Noise;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CitationMonitor.Api.Changes;

internal static class ChangesApi
{
    private const int FeedDefaultLimit = 50;

    public static RouteGroupBuilder MapChanges(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/changes").WithTags("Changes")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/", ListChanges).WithName("ListChanges").Cached()
            .WithSummary("Changes across citations, newest first, filtered by time, document, kind and size (inserted plus deleted words).");
        group.MapGet("/{id}", GetChange).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetChange").WithSummary("One change with its word diff.");
        group.MapGet("/{id}/diff.html", GetDiffPage).ProducesProblem(StatusCodes.Status404NotFound)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .WithName("GetChangeDiffPage")
            .WithSummary("One change as a self-contained HTML page: the two versions side by side, changed words highlighted.");

        // Beside the group, not under it: /api/changes.atom is a sibling of /api/changes, as feed readers expect.
        app.MapGet("/api/changes.atom", GetFeed).WithTags("Changes")
            .Produces<string>(StatusCodes.Status200OK, "application/atom+xml")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithName("GetChangesFeed")
            .WithSummary("Atom 1.0 feed of recent changes (linking to their diff pages) and health transitions, newest first; ?limit= (1-500, default 50) and ?documentId=.");
        return group;
    }

    private static async Task<Results<Ok<Paged<ChangeResponse>>, ValidationProblem>> ListChanges(
        [AsParameters] ChangeQuery query, [AsParameters] PagingParameters paging, ChangeStore changes, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var filter = query.Parse(errors);
        var page = paging.Parse(errors);
        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok((await changes.ListAsync(filter, page, cancellationToken)).Map(c => c.ToResponse()));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> GetFeed(
        [FromQuery(Name = "limit")] string? limit, [FromQuery(Name = "documentId")] string? documentId,
        ChangeStore changes, HealthTransitionStore transitions, TimeProvider time, SelfLinks self, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var count = errors.Int("limit", limit, FeedDefaultLimit, 1, PageRequest.MaxPageSize);
        var document = errors.Id("documentId", documentId);
        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        // Feed readers resolve nothing: every link is absolute, at the monitor's own address, never the request's Host.
        var baseUrl = self.Base;
        var recentChanges = await changes.ListAsync(new ChangeFilter(DocumentId: document), new PageRequest(1, count), cancellationToken);
        var recentTransitions = await transitions.RecentAsync(count, document, cancellationToken);
        var entries = recentChanges.Items.Select(c => ChangesFeed.FromChange(c, baseUrl))
            .Concat(recentTransitions.Select(t => ChangesFeed.FromTransition(t, baseUrl)))
            .OrderByDescending(e => e.Updated)
            .Take(count)
            .ToList();

        var feedPath = document is { } id ? $"{baseUrl}/api/changes.atom?documentId={id}" : $"{baseUrl}/api/changes.atom";
        var title = document is { } d ? $"Citation monitor: changes and broken sources of document {d}" : "Citation monitor: changes and broken sources";
        var selfUrl = string.IsNullOrWhiteSpace(limit) ? feedPath : $"{feedPath}{(document is null ? '?' : '&')}limit={count.ToString(CultureInfo.InvariantCulture)}";
        var feed = ChangesFeed.Write(feedPath, title, selfUrl, time.GetUtcNow(), entries);
        return TypedResults.Bytes(feed, ChangesFeed.ContentType);
    }

    private static async Task<Results<Ok<ChangeResponse>, ProblemHttpResult>> GetChange(
        long id, ChangeStore changes, CancellationToken cancellationToken) =>
        await changes.GetAsync(id, cancellationToken) is { } row ? TypedResults.Ok(row.ToResponse()) : Problems.NotFound("change", id);

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetDiffPage(
        long id, ChangeStore changes, SnapshotStore snapshots, BaselineTexts baselineTexts, CitationStore citations, NoiseRulesProvider noise,
        VolatileLineStore volatileLines, HttpContext http, CancellationToken cancellationToken)
    {
        if (await changes.GetAsync(id, cancellationToken) is not { } row)
        {
            return Problems.NotFound("change", id);
        }

        // The texts as the change was computed on them: without ignored patterns and lines learned as volatile, so
        // the page shows the same edits as the change's own counts.
        var change = row.ToResponse();
        var host = (await citations.GetAsync(row.CitationId, cancellationToken))?.Citation.Host ?? "";
        var rules = noise.RulesFor(host, await volatileLines.ShapesAsync(row.CitationId, cancellationToken));
        var passage = change.Kind == ChangeKind.Quote && await changes.QuotePassageAsync(id, cancellationToken) is (string cited, var found)
            ? new DiffPagePassage(cited, found)
            : null;
        var from = await snapshots.GetAsync(change.FromSnapshotId, cancellationToken);
        var to = await snapshots.GetAsync(change.ToSnapshotId, cancellationToken);

        // Two snapshots whose texts were extracted differently (one stored before an upgrade of the extractor or a change
        // of the host's ignore selectors) were compared as the running extractor reads them: so are they shown.
        var readAgain = from is not null && to is not null && from.Extraction != to.Extraction;
        var page = new DiffPageModel(
            change,
            await SideAsync(snapshots, change.FromSnapshotId, from, readAgain ? baselineTexts : null, host, rules, cancellationToken),
            await SideAsync(snapshots, change.ToSnapshotId, to, readAgain ? baselineTexts : null, host, rules, cancellationToken),
            passage);

        // The texts are other people's pages: nothing in this page may run or load anything.
        http.Response.Headers.ContentSecurityPolicy = DiffPage.ContentSecurityPolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Content(DiffPage.Render(page), "text/html; charset=utf-8");
    }

    /// <summary>
    /// One side of the page: the snapshot's stored text, or, with <paramref name="baselineTexts"/>, its text as the running
    /// extractor reads it (the stored one when that extractor made it).
    /// </summary>
    private static async Task<DiffPageSide> SideAsync(
        SnapshotStore snapshots, long snapshotId, SnapshotRow? snapshot, BaselineTexts? baselineTexts, string host, NoiseRules rules,
        CancellationToken cancellationToken)
    {
        var readAgain = baselineTexts is not null && snapshot is not null ? await baselineTexts.ReadAsync(snapshot, host, cancellationToken) : null;
        var text = readAgain?.Reread ?? await snapshots.GetTextAsync(snapshotId, cancellationToken) ?? "";
        var compared = NoiseFilter.Comparable(text, rules);
        return new DiffPageSide(
            snapshotId,
            snapshot is null ? null : snapshot.CapturedAt,
            readAgain?.Kind ?? snapshot?.Kind,
            readAgain is null ? snapshot?.Title : readAgain.Title,
            snapshot?.FinalUrl,
            compared,
            LeftOutLines(text, compared));
    }

    /// <summary>Lines of the stored text that the comparison dropped or cut (an ignore pattern may remove part of a line).</summary>
    private static int LeftOutLines(string text, string compared)
    {
        var kept = compared.Split('\n').ToHashSet(StringComparer.Ordinal);
        return text.Split('\n').Select(line => string.Join(' ', line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)))
            .Count(line => line.Length > 0 && !kept.Contains(line));
    }
}
