using CitationMonitor.Api.Http;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Options;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Fixity;

internal static class FixityApi
{
    public static RouteGroupBuilder MapFixity(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/fixity").WithTags("Fixity")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/", GetStatus).WithName("GetFixity")
            .WithSummary("The last fixity run (bodies verified, failures with their snapshot ids, the chain it saw) and the next one.");
        group.MapGet("/chain", VerifyChain).WithName("VerifyChain")
            .WithSummary("Walks the snapshot hash chain now: intact or not, its length and head, and where it first fails.");
        group.MapPost("/run", StartRun).WithName("StartFixityRun")
            .WithSummary("Starts a fixity run now: 202, or 409 while one is running (in this process or another).")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(ApiKeyAuthenticationHandler.WritePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithNoBody();
        return group;
    }

    private static async Task<Ok<FixityStatusResponse>> GetStatus(
        FixityStore store, FixityRunner runner, IOptions<FixityOptions> options, CancellationToken cancellationToken)
    {
        var running = await store.IsRunningAsync(cancellationToken);
        FixityRunResponse? lastRun = null;
        if (await store.LatestRunAsync(cancellationToken) is { } run)
        {
            lastRun = run.ToResponse(await store.FailuresAsync(run.Id, cancellationToken));
        }

        var nextRunAt = await runner.NextRunAtAsync(cancellationToken);
        return TypedResults.Ok(new FixityStatusResponse(running, lastRun, nextRunAt, options.Value.Interval));
    }

    private static async Task<Ok<ChainResponse>> VerifyChain(ChainVerifier chain, CancellationToken cancellationToken) =>
        TypedResults.Ok((await chain.VerifyAsync(cancellationToken)).ToResponse());

    private static async Task<Results<Accepted<FixityRunStartedResponse>, ProblemHttpResult>> StartRun(
        FixityRunner runner, HttpContext http, CancellationToken cancellationToken)
    {
        var start = await runner.StartAsync(cancellationToken);
        if (start.RunId is { } runId)
        {
            return TypedResults.Accepted("/api/fixity", new FixityRunStartedResponse(runId, "running"));
        }

        http.Response.Headers.RetryAfter = "60";
        return TypedResults.Problem(
            detail: "A fixity run is in progress; its result will be at /api/fixity when it ends.",
            statusCode: StatusCodes.Status409Conflict, title: "Fixity run in progress");
    }
}
