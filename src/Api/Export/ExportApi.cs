using System.Globalization;
using CitationMonitor.Api.Http;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Export;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CitationMonitor.Api.Export;

/// <summary>The monitor's captures as WARC 1.1 files (<c>.warc.gz</c>, one gzip member per record), streamed.</summary>
internal static class ExportApi
{
    public const string WarcContentType = "application/warc";

    public static IEndpointRouteBuilder MapExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/citations/{id}/warc", GetCitationWarc).ProducesWarc().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetCitationWarc")
            .WithSummary("Every capture of one citation as a WARC 1.1 file: request, response and revisit records.");
        app.MapGet("/api/documents/{id}/warc", GetDocumentWarc).ProducesWarc().ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetDocumentWarc")
            .WithSummary("Every capture of the sources one document cites, as a WARC 1.1 file.");
        app.MapGet("/api/export/warc", GetWarc).ProducesWarc()
            .WithName("GetWarc")
            .WithSummary("Every capture taken from ?since= (inclusive) until ?until= (exclusive), as a WARC 1.1 file.");
        return app;
    }

    private static RouteHandlerBuilder ProducesWarc(this RouteHandlerBuilder endpoint) =>
        endpoint.WithTags("Export")
            .Produces(StatusCodes.Status200OK, contentType: WarcContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> GetCitationWarc(
        long id, CitationStore citations, WarcExporter exporter, HttpContext http, CancellationToken cancellationToken)
    {
        if (await citations.GetAsync(id, cancellationToken) is not { } citation)
        {
            return Problems.NotFound("citation", id);
        }

        var scope = new WarcScope { CitationId = id, Description = $"Captures of citation {id}: {citation.Citation.NormalizedUrl}" };
        return Warc(http, exporter, scope, $"citation-{id}.warc.gz", cancellationToken);
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> GetDocumentWarc(
        long id, DocumentStore documents, WarcExporter exporter, HttpContext http, CancellationToken cancellationToken)
    {
        if (await documents.GetAsync(id, cancellationToken) is not { } document)
        {
            return Problems.NotFound("document", id);
        }

        var scope = new WarcScope { DocumentId = id, Description = $"Captures of the sources cited by document {id}: {document.Title}" };
        return Warc(http, exporter, scope, $"document-{id}.warc.gz", cancellationToken);
    }

    private static Results<PushStreamHttpResult, ValidationProblem> GetWarc(
        [FromQuery(Name = "since")] string? since, [FromQuery(Name = "until")] string? until, WarcExporter exporter,
        HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var from = errors.Time("since", since);
        var to = errors.Time("until", until);
        if (from is { } f && to is { } t && t <= f)
        {
            errors.Add("until", "'until' must be later than 'since'.");
        }

        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        var range = $"{Stamp(from) ?? "start"}-{Stamp(to) ?? "now"}";
        var scope = new WarcScope
        {
            Since = from,
            Until = to,
            Description = $"Captures taken from {from?.ToString("O", CultureInfo.InvariantCulture) ?? "the first"} until {to?.ToString("O", CultureInfo.InvariantCulture) ?? "now"}",
        };
        return Warc(http, exporter, scope, $"captures-{range}.warc.gz", cancellationToken);
    }

    // Written record by record as it is read: the file is never whole in memory. HEAD gets the same headers, and no file:
    // making one reads every capture's body.
    private static PushStreamHttpResult Warc(
        HttpContext http, WarcExporter exporter, WarcScope scope, string fileName, CancellationToken cancellationToken)
    {
        Func<Stream, Task> write = http.TryLeaveBodyUnmade()
            ? static _ => Task.CompletedTask
            : stream => exporter.WriteAsync(stream, scope, fileName, cancellationToken);
        return TypedResults.Stream(write, WarcContentType, fileName);
    }

    private static string? Stamp(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
}
