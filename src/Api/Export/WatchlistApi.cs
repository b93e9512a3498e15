using System.Globalization;
using System.Net.Http.Headers;
using CitationMonitor.Api.Citations;
using CitationMonitor.Api.Http;
using CitationMonitor.Infrastructure.Export;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace CitationMonitor.Api.Export;

/// <summary>How many of a kind of thing an import created, and how many were there already.</summary>
public sealed record ImportCountResponse(int Created, int Matched);

/// <summary>
/// What <c>POST /api/import/watchlist</c> did: the file's spelling (<c>json</c> or <c>csv</c>), the documents, citations
/// and places it created or found already there, how many edits it recorded in the audit (labels, interval, pause,
/// retirement, passages, access dates), and the fields or columns of the file this monitor does not know, left out.
/// Importing the same file again creates nothing and records no edit.
/// </summary>
public sealed record WatchlistImportResponse(
    string Format, ImportCountResponse Documents, ImportCountResponse Citations, ImportCountResponse Places, int Changes, IReadOnlyList<string> Ignored);

/// <summary>
/// The watch list in and out: every citation with its places, labels, interval and states, exported as JSON or CSV, and
/// restored from that file on another monitor (or the same one: importing changes only what differs).
/// </summary>
internal static class WatchlistApi
{
    private const string FileField = "file";

    public static IEndpointRouteBuilder MapWatchlist(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/export/watchlist", GetWatchlist).WithTags("Export").WithName("GetWatchlist")
            .Produces(StatusCodes.Status200OK, contentType: WatchlistJson.ContentType, additionalContentTypes: WatchlistCsv.ContentType)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithSummary("Every citation (retired ones included) with its labels, check interval, pause and retirement and its places (document, passage, access date, first context), as JSON (format=json, the default) or CSV (format=csv, one row per place); streamed. Restore it with POST /api/import/watchlist.");
        app.MapPost(WatchlistFiles.ImportPath, ImportWatchlist).WithTags("Export").WithName("ImportWatchlist")
            .WithSummary("Restores a watch list exported by GET /api/export/watchlist (JSON or CSV, as a multipart file or the raw body): documents matched by title and sourceUrl, citations by normalized URL, places, passages, access dates, labels, intervals, pauses and retirements; every edit audited; all or nothing; importing it again changes nothing.")
            .RequireAuthorization(ApiKeyAuthenticationHandler.WritePolicy)
            .Produces<WatchlistImportResponse>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .DisableAntiforgery()
            .WithUploadBodyLimit(app)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                var file = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A watch list as GET /api/export/watchlist writes it." };
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Description = "The watch list file: in a multipart/form-data part named 'file', or as the whole body (JSON or CSV; told from its bytes).",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["multipart/form-data"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object,
                                Required = new HashSet<string> { FileField },
                                Properties = new Dictionary<string, IOpenApiSchema>
                                {
                                    [FileField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = file.Description },
                                },
                            },
                        },
                        ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Description = file.Description } },
                        ["text/csv"] = new() { Schema = file },
                    },
                };
                return Task.CompletedTask;
            });
        return app;
    }

    // Written as it is read, a page of citations at a time: the whole watch list is never in memory. HEAD gets the
    // headers and no file.
    private static async Task<Results<PushStreamHttpResult, ValidationProblem>> GetWatchlist(
        [FromQuery(Name = "format")] string? format, WatchlistStore store, HttpContext http, CancellationToken cancellationToken)
    {
        WatchlistFileKind kind;
        switch (format?.Trim().ToLowerInvariant())
        {
            case null or "" or "json":
                kind = WatchlistFileKind.Json;
                break;
            case "csv":
                kind = WatchlistFileKind.Csv;
                break;
            default:
                return Problems.Invalid("format", $"'{CitationLabels.Shown(format!)}' is not a format of the watch list: json (the default) or csv.");
        }

        var cut = await store.CutAsync(cancellationToken);
        var stamp = cut.At.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var (contentType, fileName) = kind == WatchlistFileKind.Json
            ? (WatchlistJson.ContentType, $"watchlist-{stamp}.json")
            : (WatchlistCsv.ContentType, $"watchlist-{stamp}.csv");
        Func<Stream, Task> write = http.TryLeaveBodyUnmade() ? static _ => Task.CompletedTask
            : kind == WatchlistFileKind.Json ? stream => WatchlistJson.WriteAsync(stream, store, cut, cancellationToken)
            : stream => WatchlistCsv.WriteAsync(stream, store, cut, cancellationToken);
        return TypedResults.Stream(write, contentType, fileName);
    }

    private static async Task<Results<Ok<WatchlistImportResponse>, ValidationProblem, ProblemHttpResult>> ImportWatchlist(
        HttpRequest request, WatchlistStore store, IOptions<InputLimitsOptions> limits, CancellationToken cancellationToken)
    {
        var maxBytes = limits.Value.MaxUploadBytes;
        byte[] bytes;
        if (IsMultipart(request))
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxBytes + InputLimits.UploadEnvelopeBytes }, cancellationToken);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                return Problems.Invalid(FileField, "The form cannot be read: send multipart/form-data with the watch list in a part named 'file'.");
            }

            if (form.Files.GetFile(FileField) is not { } file)
            {
                return Problems.Invalid(FileField, "Send the watch list in a part named 'file' (curl -F file=@watchlist.json), or as the whole body.");
            }

            if (file.Length > maxBytes)
            {
                return TooLarge(file.Length, maxBytes);
            }

            bytes = new byte[file.Length];
            await using var stream = file.OpenReadStream();
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }
        else
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return TooLarge(buffer.Length + read, maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }

            bytes = buffer.ToArray();
        }

        if (WatchlistFiles.WithoutPreamble(bytes).Trim(" \t\r\n"u8).IsEmpty)
        {
            return Problems.Invalid(FileField, "The watch list is empty: send the file GET /api/export/watchlist wrote (JSON or CSV).");
        }

        var errors = new WatchlistErrors();
        var ignored = new SortedSet<string>(StringComparer.Ordinal);
        var content = WatchlistFiles.WithoutPreamble(bytes).TrimStart(" \t\r\n"u8);
        var kind = content[0] is (byte)'{' or (byte)'[' ? WatchlistFileKind.Json : WatchlistFileKind.Csv;
        var watchlist = kind == WatchlistFileKind.Json
            ? WatchlistJson.Read(bytes.AsMemory(bytes.Length - content.Length), errors, ignored)
            : WatchlistCsv.Read(bytes, errors, ignored);
        if (watchlist is null)
        {
            return TypedResults.ValidationProblem(errors.Listed, detail: errors.Detail, title: "The watch list cannot be imported.");
        }

        var imported = await store.ImportAsync(watchlist, request.HttpContext.KeyName(), cancellationToken);
        return TypedResults.Ok(new WatchlistImportResponse(
            kind == WatchlistFileKind.Json ? "json" : "csv",
            new ImportCountResponse(imported.Documents.Created, imported.Documents.Matched),
            new ImportCountResponse(imported.Citations.Created, imported.Citations.Matched),
            new ImportCountResponse(imported.Places.Created, imported.Places.Matched),
            imported.Changes,
            [.. ignored]));
    }

    private static bool IsMultipart(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && string.Equals(type.MediaType, "multipart/form-data", StringComparison.OrdinalIgnoreCase);

    private static ProblemHttpResult TooLarge(long length, long maxBytes) =>
        TypedResults.Problem(
            detail: $"The watch list is over {maxBytes} bytes ({length} at least), the most an uploaded file may have (Monitor:Limits:MaxUploadBytes).",
            statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Request body too large");
}
