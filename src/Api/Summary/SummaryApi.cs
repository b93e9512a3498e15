using CitationMonitor.Infrastructure.Summary;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitationMonitor.Api.Summary;

internal static class SummaryApi
{
    public static RouteGroupBuilder MapSummary(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/summary").WithTags("Summary")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group.MapGet("/", GetSummary).WithName("GetSummary")
            .WithSummary("Counts by health, status and host, the last check time and changes of the last 7 days.");
        return group;
    }

    private static async Task<Ok<MonitorSummary>> GetSummary(SummaryStore summaries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await summaries.GetAsync(cancellationToken));
}
