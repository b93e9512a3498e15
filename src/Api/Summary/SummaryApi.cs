using CitationMonitor.Api.Http;
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
        group.MapGet("/", GetSummary).WithName("GetSummary").Cached()
            .WithSummary("Counts by health, status and host, the last check time and changes of the last 7 days.");
        return group;
    }

    private static async Task<Ok<MonitorSummary>> GetSummary(SummaryStore summaries, HttpContext http, CancellationToken cancellationToken)
    {
        var reading = await summaries.ReadAsync(cancellationToken);
        // The count of the last seven days drops when its oldest change leaves them, write or no write.
        http.AnswerHoldsUntil(reading.HoldsUntil);
        return TypedResults.Ok(reading.Summary);
    }
}
