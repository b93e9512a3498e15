using CitationMonitor.Api.Http;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitationMonitor.Api.Snapshots;

internal static class SnapshotsApi
{
    public static RouteGroupBuilder MapSnapshots(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/snapshots").WithTags("Snapshots")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/{id}", GetSnapshot).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetSnapshot").WithSummary("One snapshot's metadata.");
        group.MapGet("/{id}/raw", GetRaw).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetSnapshotRaw")
            .Produces(StatusCodes.Status200OK)  // of any content type: the original one
            .WithSummary("The archived bytes exactly as received (after transfer decoding), with the original Content-Type.");
        group.MapGet("/{id}/text", GetText).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetSnapshotText")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .WithSummary("The extracted main text.");
        return group;
    }

    private static async Task<Results<Ok<SnapshotResponse>, ProblemHttpResult>> GetSnapshot(
        long id, SnapshotStore snapshots, CancellationToken cancellationToken) =>
        await snapshots.GetAsync(id, cancellationToken) is { } row ? TypedResults.Ok(row.ToResponse()) : Problems.NotFound("snapshot", id);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetRaw(
        long id, SnapshotStore snapshots, HttpContext http, CancellationToken cancellationToken)
    {
        if (await snapshots.GetRawAsync(id, cancellationToken) is not { } body)
        {
            return Problems.NotFound("snapshot", id);
        }

        // Archived bytes are evidence, not a page of this site: never let a browser run them here.
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(body.Bytes, body.ContentType ?? "application/octet-stream");
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetText(
        long id, SnapshotStore snapshots, CancellationToken cancellationToken) =>
        await snapshots.GetTextAsync(id, cancellationToken) is { } text
            ? TypedResults.Text(text, "text/plain; charset=utf-8")
            : Problems.NotFound("snapshot", id);
}
