using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace CitationMonitor.Api.Http;

/// <summary>
/// A request the framework could not bind (malformed JSON, a value of the wrong type, no body, a body too large) is the
/// client's error: answer with its own status as problem+json, never as a 500, and say what was wrong in the terms the
/// client used (the JSON field, the line and byte of a syntax error), never in the framework's: its message names
/// .NET types and parameters, so it goes to the log, with the exception, and not to the client.
/// </summary>
internal sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        // The handler runs with the endpoint cleared; the feature keeps the one that failed to bind.
        var endpoint = httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        var problem = Describe(httpContext, endpoint, bad);
        var said = problem is HttpValidationProblemDetails validation
            ? string.Join("; ", validation.Errors.Select(error => $"{error.Key} {string.Join(" ", error.Value)}"))
            : problem.Detail;
        LogRefused(logger, httpContext.Request.Method, httpContext.Request.Path, bad.StatusCode, said, exception);
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
    }

    private static ProblemDetails Describe(HttpContext context, Endpoint? endpoint, BadHttpRequestException bad)
    {
        switch (bad.StatusCode)
        {
            case StatusCodes.Status413PayloadTooLarge:
                return new ProblemDetails { Status = bad.StatusCode, Title = "Request body too large", Detail = InputLimits.TooLargeDetail(endpoint) };
            case StatusCodes.Status415UnsupportedMediaType:
                return new ProblemDetails { Status = bad.StatusCode, Title = "Unsupported Media Type", Detail = RequestBodies.UnsupportedMediaType(context.Request) };
            case not StatusCodes.Status400BadRequest:
                return new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = "The request could not be read." };
        }

        if (bad.InnerException is JsonException json)
        {
            // The reader's own exception inside means the text is not JSON; without it, valid JSON of the wrong shape.
            return json.InnerException is JsonException
                ? new ProblemDetails
                {
                    Status = bad.StatusCode,
                    Title = "Bad request",
                    Detail = $"The request body is not valid JSON (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).",
                }
                : RequestBodies.WrongShape(endpoint, json.Path);
        }

        return endpoint?.Metadata.GetMetadata<IAcceptsMetadata>() is not null
            ? new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "Bad request",
                Detail = "The request body is empty or null; send a JSON object, with Content-Type: application/json.",
            }
            : new ProblemDetails { Status = bad.StatusCode, Title = "Bad request", Detail = "The request could not be read." };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Method} {Path} with {StatusCode}: {Detail}")]
    private static partial void LogRefused(ILogger logger, string method, PathString path, int statusCode, string? detail, Exception exception);
}
