using CitationMonitor.Api.Export;
using CitationMonitor.Api.Http;
using CitationMonitor.Domain.Documents;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace CitationMonitor.Api.Documents;

/// <summary>The form of an upload: the file, and what the file may not say of itself.</summary>
/// <param name="File">The document: a PDF, a Word file, a web page, a BibTeX or CSL-JSON export, plain text or Markdown.</param>
/// <param name="Title">The document's title; else its own (a PDF's or page's), else the file's name.</param>
/// <param name="SourceUrl">Where the document itself is published: relative links resolve against it.</param>
/// <param name="PublishedAt">When it was published (ISO 8601).</param>
public sealed record DocumentUploadForm(IFormFile File, string? Title, string? SourceUrl, string? PublishedAt);

/// <summary>
/// <c>POST /api/documents</c> as <c>multipart/form-data</c>: a document as people have it, read by the kind its bytes
/// are (never its file name), kept as evidence, its sources watched.
/// </summary>
internal static class DocumentUploads
{
    private const string FileField = "file";

    public static void MapDocumentUploads(this RouteGroupBuilder group, IEndpointRouteBuilder app) =>
        // Chosen by its Content-Type; a request with none is the JSON endpoint's (which says what to send).
        group.MapPost("/", UploadDocument).WithName("UploadDocument").WithOrder(1)
            .Accepts<DocumentUploadForm>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithSummary("Stores a document uploaded as a file (PDF, Word, HTML, BibTeX, CSL-JSON, text) and watches every source it cites; the file is kept, at /api/documents/{id}/original.")
            .RequireAuthorization(ApiKeyAuthenticationHandler.WritePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .DisableAntiforgery()
            .WithUploadBodyLimit(app)
            // One path and method are one operation in OpenAPI: the JSON endpoint's describes both bodies (see Describe).
            .ExcludeFromDescription();

    /// <summary>Adds the upload form to the description of <c>POST /api/documents</c>, beside its JSON body.</summary>
    public static RouteHandlerBuilder DescribeUpload(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.RequestBody is OpenApiRequestBody body)
            {
                body.Content ??= new Dictionary<string, OpenApiMediaType>();
                body.Content["multipart/form-data"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { FileField },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            [FileField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The document: PDF, Word (.docx), HTML, BibTeX, CSL-JSON, plain text or Markdown; its kind is told from its bytes." },
                            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The document's title; else its own, else the file's name." },
                            ["sourceUrl"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Where the document is published: relative links resolve against it." },
                            ["publishedAt"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "When it was published (ISO 8601)." },
                        },
                    },
                };
            }

            operation.Description = "Send the document's text as JSON (title, text), its address alone as JSON (sourceUrl: the monitor fetches it; 422 when it cannot), or the file as multipart/form-data (file, title, sourceUrl, publishedAt; 415 for a kind the monitor does not read).";
            return Task.CompletedTask;
        });

    internal static async Task<Results<Created<DocumentResponse>, ValidationProblem, ProblemHttpResult>> UploadDocument(
        HttpRequest request, DocumentStore documents, CitationStore citations, IOptions<InputLimitsOptions> limits,
        CancellationToken cancellationToken)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(
                new FormOptions { MultipartBodyLengthLimit = limits.Value.MaxUploadBytes + InputLimits.UploadEnvelopeBytes }, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return Problems.Invalid(FileField, "The form cannot be read: send multipart/form-data with the document in a part named 'file'.");
        }

        if (form.Files.GetFile(FileField) is not { } file)
        {
            return Problems.Invalid(FileField, "Send the document in a part named 'file' (curl -F file=@statement.pdf).");
        }

        if (file.Length > limits.Value.MaxUploadBytes)
        {
            return TypedResults.Problem(
                detail: $"The file is {file.Length} bytes, over the {limits.Value.MaxUploadBytes} bytes a document may have (Monitor:Limits:MaxUploadBytes).",
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Request body too large");
        }

        var errors = new QueryErrors();
        var sourceUrl = Field(form, "sourceUrl");
        if (sourceUrl is not null && !UrlNormalizer.TryNormalize(sourceUrl, out _, out var urlError))
        {
            errors.Add("sourceUrl", urlError);
        }

        var publishedAt = errors.Time("publishedAt", Field(form, "publishedAt"));
        var title = Field(form, "title");
        if (title is { Length: > 1000 })
        {
            errors.Add("title", "must be at most 1000 characters.");
        }

        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        // A watch list is read as text otherwise, and every source it lists watched as one document's: it is restored elsewhere.
        if (WatchlistFiles.Recognize(bytes) is { } watchlist)
        {
            return Problems.Invalid(FileField, WatchlistFiles.NotADocument(watchlist));
        }

        ReadDocument? read;
        try
        {
            read = DocumentReaders.Read(bytes, sourceUrl);
        }
        catch (UnreadableDocumentException unreadable)
        {
            return Problems.Invalid(FileField, unreadable.Message);
        }

        if (read is null)
        {
            return TypedResults.Problem(
                detail: "The file is not of a kind the monitor reads: send a PDF, a Word file (.docx), a web page, a BibTeX or CSL-JSON export, plain text or Markdown. The kind is told from the file's bytes, not its name.",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported Media Type");
        }

        if (DocumentsApi.TooManySources(read, limits.Value, FileField, "file") is { } tooMany)
        {
            return tooMany;
        }

        var name = Path.GetFileName(file.FileName);
        return await DocumentsApi.StoreAsync(
            new NewDocument(title ?? read.Title ?? (string.IsNullOrWhiteSpace(name) ? "Untitled" : name), sourceUrl, null, read.Citations)
            {
                PublishedAt = publishedAt,
                Kind = read.Kind,
                Skipped = read.Skipped,
                Original = new DocumentOriginal(bytes, string.IsNullOrWhiteSpace(name) ? null : name, file.ContentType) { Text = read.Text },
                KeyName = request.HttpContext.KeyName(),
            },
            documents, citations, cancellationToken);
    }

    /// <summary>A form field trimmed; null when absent or blank.</summary>
    private static string? Field(IFormCollection form, string name) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value.ToString()) ? value.ToString().Trim() : null;
}
