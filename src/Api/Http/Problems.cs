using Microsoft.AspNetCore.Http.HttpResults;

namespace CitationMonitor.Api.Http;

internal static class Problems
{
    public static ProblemHttpResult NotFound(string what, long id) =>
        TypedResults.Problem(detail: $"No {what} has id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not Found");

    public static ValidationProblem Invalid(QueryErrors errors) =>
        TypedResults.ValidationProblem(errors.Errors, title: "One or more parameters are invalid.");

    public static ValidationProblem Invalid(string field, string message, string? detail = null) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: detail, title: "One or more parameters are invalid.");
}
