using CitationMonitor.Api.Http;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitationMonitor.Api.Changes;

internal static class ChangesApi
{
    public static RouteGroupBuilder MapChanges(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/changes").WithTags("Changes")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/", ListChanges).WithName("ListChanges")
            .WithSummary("Changes across citations, newest first, filtered by time, document, kind and size (inserted plus deleted words).");
        group.MapGet("/{id}", GetChange).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetChange").WithSummary("One change with its word diff.");
        group.MapGet("/{id}/diff.html", GetDiffPage).ProducesProblem(StatusCodes.Status404NotFound)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .WithName("GetChangeDiffPage")
            .WithSummary("One change as a self-contained HTML page: the two versions side by side, changed words highlighted.");
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

    private static async Task<Results<Ok<ChangeResponse>, ProblemHttpResult>> GetChange(
        long id, ChangeStore changes, CancellationToken cancellationToken) =>
        await changes.GetAsync(id, cancellationToken) is { } row ? TypedResults.Ok(row.ToResponse()) : Problems.NotFound("change", id);

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetDiffPage(
        long id, ChangeStore changes, SnapshotStore snapshots, HttpContext http, CancellationToken cancellationToken)
    {
        if (await changes.GetAsync(id, cancellationToken) is not { } row)
        {
            return Problems.NotFound("change", id);
        }

        var change = row.ToResponse();
        var page = new DiffPageModel(
            change,
            await SideAsync(snapshots, change.FromSnapshotId, cancellationToken),
            await SideAsync(snapshots, change.ToSnapshotId, cancellationToken));

        // The texts are other people's pages: nothing in this page may run or load anything.
        http.Response.Headers.ContentSecurityPolicy = DiffPage.ContentSecurityPolicy;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Content(DiffPage.Render(page), "text/html; charset=utf-8");
    }

    private static async Task<DiffPageSide> SideAsync(SnapshotStore snapshots, long snapshotId, CancellationToken cancellationToken)
    {
        var snapshot = await snapshots.GetAsync(snapshotId, cancellationToken);
        var text = await snapshots.GetTextAsync(snapshotId, cancellationToken) ?? "";
        return new DiffPageSide(
            snapshotId,
            snapshot is null ? null : DbTime.FromDb(snapshot.CapturedAt),
            snapshot?.Kind,
            snapshot?.Title,
            snapshot?.FinalUrl,
            text);
    }
}
