using CitationMonitor.Api.Http;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CitationMonitor.Api.Changes;

internal static class ChangesApi
{
    public static RouteGroupBuilder MapChanges(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/changes").WithTags("Changes")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/", ListChanges).WithName("ListChanges").WithSummary("Content changes across citations, newest first.");
        group.MapGet("/{id}", GetChange).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetChange").WithSummary("One change with its word diff.");
        return group;
    }

    internal sealed record ChangeQuery(
        [property: FromQuery(Name = "since")] string? Since,
        [property: FromQuery(Name = "until")] string? Until,
        [property: FromQuery(Name = "documentId")] string? DocumentId);

    private static async Task<Results<Ok<Paged<ChangeResponse>>, ValidationProblem>> ListChanges(
        [AsParameters] ChangeQuery query, [AsParameters] PagingParameters paging, ChangeStore changes, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var filter = new ChangeFilter(
            errors.Time("since", query.Since),
            errors.Time("until", query.Until),
            errors.Id("documentId", query.DocumentId));
        var page = paging.Parse(errors);
        if (filter is { Since: { } since, Until: { } until } && until < since)
        {
            errors.Add("until", "'until' is before 'since'.");
        }

        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok((await changes.ListAsync(filter, page, cancellationToken)).Map(c => c.ToResponse()));
    }

    private static async Task<Results<Ok<ChangeResponse>, ProblemHttpResult>> GetChange(
        long id, ChangeStore changes, CancellationToken cancellationToken) =>
        await changes.GetAsync(id, cancellationToken) is { } row ? TypedResults.Ok(row.ToResponse()) : Problems.NotFound("change", id);
}
