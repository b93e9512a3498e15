using System.ComponentModel.DataAnnotations;
using CitationMonitor.Api.Checks;
using CitationMonitor.Api.Citations;
using CitationMonitor.Api.Documents;
using CitationMonitor.Api.Http;
using CitationMonitor.Api.Pages.Add;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Fetching;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Pages;

/// <summary>
/// The add page (<c>/add</c>): upload a document, paste a text, watch one URL; and a source page's "check now" button.
/// Each post passes <see cref="FormRefusal.CheckAsync"/> (its anti-forgery token, then who may write), then runs the
/// JSON API's own handler, whose answer becomes a redirect (303) to what was made, or the page again with the problem
/// and what was entered, under the status the API gives.
/// </summary>
internal static class AddPages
{
    public const string AddPath = "/add";

    /// <summary>Room in a form's body for the anti-forgery token and short fields.</summary>
    private const long FormEnvelopeBytes = 16 * 1024;

    /// <summary>Bytes one character of a URL-encoded form field may take (<c>%E2%80%94</c>).</summary>
    private const int FormBytesPerCharacter = 9;

    public static void MapAddPages(this RouteGroupBuilder pages)
    {
        var limits = ((IEndpointRouteBuilder)pages).ServiceProvider.GetRequiredService<IOptions<InputLimitsOptions>>().Value;
        pages.MapGet(AddPath, ShowAddPage);
        // The bodies the JSON API takes for the same writes, and form limits that let them through (the form reader's
        // defaults would refuse a long text or a large file as a malformed form).
        pages.MapPost("/add/document", AddDocument).DisableAntiforgery()
            .WithUploadBodyLimit(pages)
            .WithFormOptions(multipartBodyLengthLimit: limits.MaxUploadBytes + InputLimits.UploadEnvelopeBytes);
        pages.MapPost("/add/text", AddText).DisableAntiforgery()
            .WithDocumentBodyLimit(pages)
            .WithFormOptions(valueLengthLimit: (int)Math.Min(limits.MaxDocumentBytes, int.MaxValue), multipartBodyLengthLimit: limits.MaxDocumentBytes);
        pages.MapPost("/add/url", AddUrl).DisableAntiforgery()
            .WithBodyLimit(((long)AddCitationRequest.MaxUrlLength + UpdateCitationRequest.MaxQuoteLength) * FormBytesPerCharacter + FormEnvelopeBytes);
        pages.MapPost("/citations/{id}/check", CheckNow).DisableAntiforgery()
            .WithBodyLimit(FormEnvelopeBytes);
    }

    private static async Task<IResult> ShowAddPage(HttpContext http, IOptions<InputLimitsOptions> limits) =>
        Pages.Render<AddPage>(http, new Dictionary<string, object?>
        {
            ["Frame"] = await Pages.FrameAsync(http),
            ["Model"] = AddModel.For(limits.Value),
        });

    /// <summary><c>POST /api/documents</c> as <c>multipart/form-data</c>, from the page.</summary>
    private static async Task<IResult> AddDocument(
        HttpContext http, IAntiforgery antiforgery, DocumentStore documents, CitationStore citations, IOptions<InputLimitsOptions> limits,
        CancellationToken cancellationToken)
    {
        if ((await FormRefusal.CheckAsync(http, antiforgery, AddPath)).Refusal is { } refused)
        {
            return refused;
        }

        var answer = await DocumentUploads.UploadDocument(http.Request, documents, citations, limits, cancellationToken);
        return await AnswerAsync(http, AddForm.Document, answer.Result, limits.Value, "title", "sourceUrl", "publishedAt");
    }

    /// <summary><c>POST /api/documents</c> with the document's title and text, from the page.</summary>
    private static async Task<IResult> AddText(
        HttpContext http, IAntiforgery antiforgery, DocumentStore documents, CitationStore citations, IPageFetcher fetcher,
        IOptions<InputLimitsOptions> limits, CancellationToken cancellationToken)
    {
        if ((await FormRefusal.CheckAsync(http, antiforgery, AddPath)).Refusal is { } refused)
        {
            return refused;
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var text = form["text"].ToString();
        var request = new CreateDocumentRequest(Field(form, "title"), text, SourceUrl: null);
        IResult answer = string.IsNullOrWhiteSpace(text)
            // Blank is no document; the API would store one citing nothing.
            ? Problems.Invalid("text", "text is required: the document's text, whose URLs are watched.")
            : Annotated(request) ?? (await DocumentsApi.CreateDocument(request, documents, citations, fetcher, limits, http, cancellationToken)).Result;
        return await AnswerAsync(http, AddForm.Text, answer, limits.Value, "title", "text");
    }

    /// <summary><c>POST /api/citations</c> with the URL and the passage quoted from it, from the page.</summary>
    private static async Task<IResult> AddUrl(
        HttpContext http, IAntiforgery antiforgery, CitationStore citations, CitationLife life, DocumentStore documents,
        IOptions<InputLimitsOptions> limits, CancellationToken cancellationToken)
    {
        if ((await FormRefusal.CheckAsync(http, antiforgery, AddPath)).Refusal is { } refused)
        {
            return refused;
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var request = new AddCitationRequest(Field(form, "url") ?? "", DocumentId: null, Context: null, Quote: Field(form, "quote"));
        var answer = Annotated(request) ?? (await CitationsApi.AddCitation(request, citations, life, documents, http, cancellationToken)).Result;
        return await AnswerAsync(http, AddForm.Url, answer, limits.Value, "url", "quote");
    }

    /// <summary><c>POST /api/citations/{id}/check</c>, from the source page's button: back to the source, or why not now.</summary>
    private static async Task<IResult> CheckNow(
        long id, HttpContext http, IAntiforgery antiforgery, CitationChecker checker, TimeProvider time, CancellationToken cancellationToken)
    {
        var source = $"/citations/{id}";
        if ((await FormRefusal.CheckAsync(http, antiforgery, source)).Refusal is { } refused)
        {
            return refused;
        }

        var answer = await CitationsApi.CheckNow(id, checker, http, time, cancellationToken);
        return answer.Result switch
        {
            Ok<CheckResponse> => new SeeOther($"{source}?checked=1"),
            ProblemHttpResult { StatusCode: StatusCodes.Status404NotFound } =>
                await Pages.SourceNotFoundAsync(http, await Pages.FrameAsync(http) with { PathAndQuery = "/" }),
            ProblemHttpResult problem => Pages.Render<CheckRefusedPage>(
                http,
                new Dictionary<string, object?>
                {
                    ["Frame"] = await Pages.FrameAsync(http) with { PathAndQuery = source },
                    ["SourceId"] = id,
                    ["Problem"] = problem.ProblemDetails,
                },
                problem.StatusCode),
            var other => throw new InvalidOperationException($"Unexpected answer {other.GetType().Name} from the check."),
        };
    }

    /// <summary>
    /// What the API answered, for a person: what was made, by a redirect (303) to its page; a problem, by the add page
    /// again, with it and the values <paramref name="kept"/>, under the API's status.
    /// </summary>
    private static async Task<IResult> AnswerAsync(
        HttpContext http, AddForm form, IResult answer, InputLimitsOptions limits, params string[] kept)
    {
        switch (answer)
        {
            case Created<DocumentResponse> { Value: { } document }:
                return new SeeOther($"/documents/{document.Id}");
            case Created<CitationResponse> { Value: { } citation }:
                return new SeeOther($"/citations/{citation.Id}");
            case Ok<CitationResponse> { Value: { } citation }:
                return new SeeOther($"/citations/{citation.Id}");
        }

        var (problem, status) = answer switch
        {
            ValidationProblem invalid => (new AddProblem(form, invalid.ProblemDetails.Detail, new Dictionary<string, string[]>(invalid.ProblemDetails.Errors)), invalid.StatusCode),
            ProblemHttpResult other => (new AddProblem(form, other.ProblemDetails.Detail, new Dictionary<string, string[]>()), other.StatusCode),
            _ => throw new InvalidOperationException($"Unexpected answer {answer.GetType().Name} to the {form} form."),
        };
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (http.Request.HasFormContentType)
        {
            var posted = await http.Request.ReadFormAsync(http.RequestAborted);
            foreach (var field in kept)
            {
                if (posted.TryGetValue(field, out var value))
                {
                    values[field] = value.ToString();
                }
            }
        }

        return Pages.Render<AddPage>(
            http,
            new Dictionary<string, object?>
            {
                ["Frame"] = await Pages.FrameAsync(http) with { PathAndQuery = AddPath },
                ["Model"] = AddModel.For(limits, problem, values),
            },
            status);
    }

    /// <summary>
    /// The request's DataAnnotations, as the JSON API checks them before its handler runs (lengths, required fields):
    /// a 400 naming each field as the JSON names it, or null when they hold.
    /// </summary>
    private static ValidationProblem? Annotated(object request)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true))
        {
            return null;
        }

        var errors = new QueryErrors();
        foreach (var result in results)
        {
            foreach (var member in result.MemberNames.DefaultIfEmpty(""))
            {
                errors.Add(member.Length == 0 ? "" : char.ToLowerInvariant(member[0]) + member[1..], result.ErrorMessage ?? "is not valid.");
            }
        }

        return Problems.Invalid(errors);
    }

    /// <summary>A form field trimmed; null when absent or blank.</summary>
    private static string? Field(IFormCollection form, string name) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value.ToString()) ? value.ToString().Trim() : null;

    /// <summary>303 See Other: after a form's post, the browser gets what the post made.</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
