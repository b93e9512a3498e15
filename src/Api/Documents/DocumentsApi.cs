using System.Globalization;
using System.Text.Json;
using CitationMonitor.Api.Citations;
using CitationMonitor.Api.Http;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Documents;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Politeness;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Documents;

internal static class DocumentsApi
{
    public static RouteGroupBuilder MapDocuments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/documents").WithTags("Documents")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/", ListDocuments).WithName("ListDocuments").WithSummary("Documents, newest first, each with its citations; retired ones only with retired=true.");
        group.MapGet("/{id}", GetDocument).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetDocument").WithSummary("One document with its citations, in citing order.");
        group.MapGet("/{id}/report", GetReport).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetDocumentReport").Cached()
            .WithSummary("For each source the document cites: health and since when, last status and reason, first seen, last reached, changes, the cited passage, and a sentence saying why; totals at the top.");
        group.MapGet("/{id}/report.csv", GetReportCsv).Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound).WithName("GetDocumentReportCsv")
            .WithSummary("The document report as CSV, one row per cited source.");
        group.MapGet("/{id}/citations", ListDocumentCitations).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListDocumentCitations")
            .WithSummary("A page of the document's places (each source it cites, its occurrences merged), in citing order: all of them, where the document's own answer holds the first 500.");
        group.MapGet("/{id}/citations/{citationId}", GetPlace).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetDocumentCitation")
            .WithSummary("A source as this document cites it: its occurrences, the passage the document quotes and whether the source still holds it.");
        group.MapPatch("/{id}/citations/{citationId}", UpdatePlace).Accepts<UpdatePlaceRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).WithName("UpdateDocumentCitation")
            .WithSummary("Sets or clears the passage this document quotes from the source (quote) and when it accessed it (accessedAt); every later check says whether the passage is still there.")
            .RequireAuthorization(ApiKeyAuthenticationHandler.WritePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithBodyLimit(UpdateCitationRequest.MaxBodyBytes);
        group.MapPost("/", CreateDocument).WithName("CreateDocument")
            .WithSummary("Stores a document and watches every http(s) URL its text cites.")
            .RequireAuthorization(ApiKeyAuthenticationHandler.WritePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithDocumentBodyLimit(app)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .DescribeUpload();
        group.MapDocumentUploads(app);
        group.MapGet("/{id}/original", GetOriginal).Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound).WithName("GetDocumentOriginal")
            .WithSummary("The file a document was uploaded as, byte for byte, with the media type and name it was sent with.");
        group.MapDocumentLife();
        return group;
    }

    private static async Task<Results<Ok<Paged<DocumentResponse>>, ValidationProblem>> ListDocuments(
        [AsParameters] PagingParameters paging, [FromQuery(Name = "retired")] string? retired, DocumentStore documents, CitationStore citations,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var page = paging.Parse(errors);
        var retiredOnes = errors.Bool("retired", retired) ?? false;
        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        var rows = await documents.ListAsync(page, retiredOnes, cancellationToken);
        var items = new List<DocumentResponse>(rows.Items.Count);
        foreach (var row in rows.Items)
        {
            items.Add(await ToResponseAsync(row, citations, DocumentMapping.MaxPlacesInList, cancellationToken));
        }

        return TypedResults.Ok(new Paged<DocumentResponse>(items, rows.Page, rows.PageSize, rows.Total));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetOriginal(long id, DocumentStore documents, CancellationToken cancellationToken)
    {
        if (await documents.GetOriginalAsync(id, cancellationToken) is { } original)
        {
            return TypedResults.File(original.Bytes, original.ContentType ?? "application/octet-stream", original.Name ?? $"document-{id}");
        }

        return await documents.ExistsAsync(id, cancellationToken)
            ? TypedResults.Problem(detail: $"Document {id} was posted as text; there is no file to give back.", statusCode: StatusCodes.Status404NotFound, title: "Not Found")
            : Problems.NotFound("document", id);
    }

    private static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult>> GetDocument(
        long id, DocumentStore documents, CitationStore citations, CancellationToken cancellationToken) =>
        await documents.GetAsync(id, cancellationToken) is { } row
            ? TypedResults.Ok(await ToResponseAsync(row, citations, DocumentMapping.MaxPlacesInAnswer, cancellationToken))
            : Problems.NotFound("document", id);

    private static async Task<Results<Ok<Paged<DocumentCitationResponse>>, ProblemHttpResult, ValidationProblem>> ListDocumentCitations(
        long id, [AsParameters] PagingParameters paging, DocumentStore documents, CitationStore citations, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var page = paging.Parse(errors);
        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        if (await documents.GetAsync(id, cancellationToken) is not { } document)
        {
            return Problems.NotFound("document", id);
        }

        var places = await citations.ListForDocumentAsync(id, page, PlaceStore.MaxListed, cancellationToken);
        return TypedResults.Ok(places.Map(c => c.ToDocumentCitation(document)));
    }

    /// <summary>A document with its first <paramref name="places"/> places and how many of its sources have each health.</summary>
    internal static async Task<DocumentResponse> ToResponseAsync(DocumentRow row, CitationStore citations, int places, CancellationToken cancellationToken) =>
        row.ToResponse(
            (await citations.ListForDocumentAsync(row.Id, new PageRequest(1, places), PlaceStore.MaxListed, cancellationToken)).Items,
            await citations.HealthOfDocumentAsync(row.Id, cancellationToken));

    private static async Task<Results<Ok<DocumentReport>, ProblemHttpResult>> GetReport(
        long id, DocumentStore documents, CitationStore citations, HealthTransitionStore transitions, ChangeStore changes,
        IOptions<HealthOptions> health, TimeProvider time, CancellationToken cancellationToken) =>
        await BuildReportAsync(id, documents, citations, transitions, changes, health.Value, time, cancellationToken) is { } report
            ? TypedResults.Ok(report)
            : Problems.NotFound("document", id);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetReportCsv(
        long id, DocumentStore documents, CitationStore citations, HealthTransitionStore transitions, ChangeStore changes,
        IOptions<HealthOptions> health, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await BuildReportAsync(id, documents, citations, transitions, changes, health.Value, time, cancellationToken) is not { } report)
        {
            return Problems.NotFound("document", id);
        }

        return TypedResults.File(DocumentReports.ToCsv(report), "text/csv; charset=utf-8", $"document-{id}-report.csv");
    }

    private static async Task<Results<Ok<DocumentCitationResponse>, ProblemHttpResult>> GetPlace(
        long id, long citationId, DocumentStore documents, CitationStore citations, CancellationToken cancellationToken) =>
        await FindPlaceAsync(id, citationId, documents, citations, cancellationToken) is ({ } document, { } citation)
            ? TypedResults.Ok(citation.ToDocumentCitation(document))
            : await NoPlaceAsync(id, citationId, documents, cancellationToken);

    private static async Task<Results<Ok<DocumentCitationResponse>, ProblemHttpResult, ValidationProblem>> UpdatePlace(
        long id, long citationId, JsonElement body, DocumentStore documents, CitationStore citations, CitationLife life, HttpContext http,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var patch = PlacePatch.Parse(body, errors);
        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        if (await FindPlaceAsync(id, citationId, documents, citations, cancellationToken) is not ({ } document, { } citation))
        {
            return await NoPlaceAsync(id, citationId, documents, cancellationToken);
        }

        // Audited on the citation, naming this document.
        await life.EditAsync(citationId, new PlaceRef(citation.PlaceOf(id)!.Id, id), patch.ToEdit(), http.KeyName(), cancellationToken);
        return TypedResults.Ok((await citations.GetAsync(citationId, id, cancellationToken))!.ToDocumentCitation(document));
    }

    /// <summary>The document and the citation, when the document cites it.</summary>
    private static async Task<(DocumentRow? Document, CitationWithPlaces? Citation)> FindPlaceAsync(
        long id, long citationId, DocumentStore documents, CitationStore citations, CancellationToken cancellationToken)
    {
        if (await documents.GetAsync(id, cancellationToken) is not { } document
            || await citations.GetAsync(citationId, id, cancellationToken) is not { } citation
            || citation.PlaceOf(id) is null)
        {
            return (null, null);
        }

        return (document, citation);
    }

    private static async Task<ProblemHttpResult> NoPlaceAsync(long id, long citationId, DocumentStore documents, CancellationToken cancellationToken) =>
        await documents.ExistsAsync(id, cancellationToken)
            ? TypedResults.Problem(
                detail: $"Document {id} does not cite citation {citationId}; its citations are listed at /api/documents/{id}.",
                statusCode: StatusCodes.Status404NotFound,
                title: "Not Found")
            : Problems.NotFound("document", id);

    /// <summary>
    /// A document's report, null when there is no such document; its verdicts in <paramref name="language"/> when it is
    /// Spanish (the document page's), else in English (the JSON and CSV reports').
    /// </summary>
    internal static async Task<DocumentReport?> BuildReportAsync(
        long id, DocumentStore documents, CitationStore citations, HealthTransitionStore transitions, ChangeStore changes, HealthOptions health,
        TimeProvider time, CancellationToken cancellationToken, CultureInfo? language = null)
    {
        if (await documents.GetAsync(id, cancellationToken) is not { } document)
        {
            return null;
        }

        // Every source, each with this document's place only: a report is bounded by the sources a document may cite.
        var sources = (await citations.ListForDocumentAsync(id, new PageRequest(1, int.MaxValue / 2), 0, cancellationToken)).Items;
        return DocumentReports.Build(
            document,
            sources,
            await transitions.CurrentSinceForDocumentAsync(id, cancellationToken),
            new HealthPolicy(health.BrokenAfterFailures, health.BrokenAfter),
            time.GetUtcNow(),
            await changes.SinceCitedAsync([.. sources.Select(s => s.Citation.Id)], cancellationToken),
            language);
    }

    internal static async Task<Results<Created<DocumentResponse>, ValidationProblem, ProblemHttpResult>> CreateDocument(
        CreateDocumentRequest request, DocumentStore documents, CitationStore citations, IPageFetcher fetcher,
        IOptions<InputLimitsOptions> limits, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var sourceUrl = string.IsNullOrWhiteSpace(request.SourceUrl) ? null : request.SourceUrl.Trim();
        NormalizedUrl? source = null;
        if (sourceUrl is not null && !UrlNormalizer.TryNormalize(sourceUrl, out source, out var error))
        {
            errors.Add("sourceUrl", error);
        }

        var publishedAt = errors.Time("publishedAt", request.PublishedAt);
        if (request.PublishedAt is { } given && string.IsNullOrWhiteSpace(given))
        {
            // Absent or null means "not known"; an empty string is a value that is not a date.
            errors.Add("publishedAt", "must be an ISO 8601 date or time, e.g. 2026-01-31, or left out.");
        }

        if (request.Text is null && sourceUrl is null)
        {
            errors.Add("text", "text is required: the document's text, whose URLs are watched (or give only sourceUrl, and the monitor fetches the document).");
        }

        if (request.Text is not null && string.IsNullOrWhiteSpace(request.Title))
        {
            errors.Add("title", "title is required.");
        }

        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        var read = request.Text is { } text && CitationExtractor.ExtractWithSkipped(text) is var found
            ? new ReadDocument(DocumentKind.Text, found.Citations, found.Skipped, null)
            : null;
        DocumentOriginal? original = null;
        if (read is null)
        {
            var (fetched, bytes, problem) = await FetchDocumentAsync(source!, fetcher, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            read = fetched!;
            original = bytes;
        }

        if (TooManySources(read, limits.Value, request.Text is null ? "sourceUrl" : "text", "document") is { } tooMany)
        {
            return tooMany;
        }

        var title = request.Title?.Trim() ?? read.Title ?? sourceUrl!;
        return await StoreAsync(
            new NewDocument(title, sourceUrl, null, read.Citations)
            {
                PublishedAt = publishedAt, Kind = read.Kind, Skipped = read.Skipped, Original = original, KeyName = http.KeyName(),
            },
            documents, citations, cancellationToken);
    }

    /// <summary>
    /// A 400 naming <paramref name="field"/> when what was read cites more distinct sources than a document may
    /// (Monitor:Limits:MaxCitationsPerDocument); null when it does not. Checked before anything is stored.
    /// </summary>
    internal static ValidationProblem? TooManySources(ReadDocument read, InputLimitsOptions limits, string field, string what)
    {
        var distinct = read.Citations.DistinctBy(c => c.Normalized.Key).Count();
        return distinct > limits.MaxCitationsPerDocument
            ? Problems.Invalid(
                field,
                $"The {what} cites {distinct} distinct URLs; a document may cite at most {limits.MaxCitationsPerDocument} (Monitor:Limits:MaxCitationsPerDocument). Split it into parts.")
            : null;
    }

    /// <summary>Stores a document read from text, a file or its address, and answers 201 with it as stored.</summary>
    internal static async Task<Created<DocumentResponse>> StoreAsync(
        NewDocument document, DocumentStore documents, CitationStore citations, CancellationToken cancellationToken)
    {
        var id = await documents.CreateAsync(document, cancellationToken);
        var row = (await documents.GetAsync(id, cancellationToken))!;
        return TypedResults.Created($"/api/documents/{id}", await ToResponseAsync(row, citations, DocumentMapping.MaxPlacesInAnswer, cancellationToken));
    }

    /// <summary>
    /// The document at its own address, fetched as a check fetches (the guard, the caps, the time limit), read by the
    /// kind of its bytes; its own URL is one of its citations (a statement that disappears is news too). The bytes it
    /// was read from are kept as its original, as an uploaded file is, so that the statement as read is preserved and
    /// its citations can be read again from it. A fetch that does not end <c>ok</c> is a 422 naming the check's status
    /// and reason.
    /// </summary>
    private static async Task<(ReadDocument? Read, DocumentOriginal? Original, ProblemHttpResult? Problem)> FetchDocumentAsync(
        NormalizedUrl source, IPageFetcher fetcher, CancellationToken cancellationToken)
    {
        FetchResult fetched;
        try
        {
            fetched = await fetcher.FetchAsync(source.Url, cancellationToken);
        }
        catch (HostPausedException paused)
        {
            return (null, null, Problem(StatusCodes.Status503ServiceUnavailable, "Host paused",
                $"Requests to {paused.Host} are paused until {paused.Until:O} ({paused.Reason}); the document cannot be fetched now.", null, null, null));
        }

        if (fetched.Status != CheckStatus.Ok || fetched.Body is not { Length: > 0 } body)
        {
            var status = fetched.Status == CheckStatus.Ok ? CheckStatus.ClientError : fetched.Status;
            return (null, null, Problem(StatusCodes.Status422UnprocessableEntity, "The document cannot be fetched",
                $"Fetching {source.Url} ended as {status.ToWireName()}{(fetched.HttpStatus is { } http ? $" (HTTP {http})" : "")}"
                + $"{(fetched.Error is { } why ? $": {why}" : "")}; nothing was stored.", status.ToWireName(), fetched.Reason, fetched.HttpStatus));
        }

        ReadDocument? read;
        try
        {
            read = DocumentReaders.Read(body, fetched.FinalUrl);
        }
        catch (UnreadableDocumentException unreadable)
        {
            return (null, null, Problem(StatusCodes.Status422UnprocessableEntity, "The document cannot be read", $"{source.Url}: {unreadable.Message} Nothing was stored.", "ok", null, fetched.HttpStatus));
        }

        if (read is null)
        {
            return (null, null, Problem(StatusCodes.Status422UnprocessableEntity, "The document cannot be read",
                $"{source.Url} answered {fetched.ContentType ?? "a body"} of a kind the monitor does not read. Nothing was stored.", "ok", null, fetched.HttpStatus));
        }

        CitedUrl self = new(source.Url, source, "The document itself", 0);
        var original = new DocumentOriginal(body, NameIn(fetched.FinalUrl), fetched.ContentType) { Text = read.Text };
        return (read with { Citations = [self, .. read.Citations] }, original, null);
    }

    /// <summary>The file name an address ends in (<c>informe.pdf</c>), or null when its path names none.</summary>
    private static string? NameIn(string url)
    {
        var name = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Uri.UnescapeDataString(uri.Segments[^1]).Trim('/') : "";
        return name.Length == 0 ? null : name;
    }

    /// <summary>A problem with, for a fetch that was made, what it ended as: <c>check: { status, reason, httpStatus }</c>.</summary>
    private static ProblemHttpResult Problem(int status, string title, string detail, string? checkStatus, string? reason, int? httpStatus) =>
        TypedResults.Problem(
            detail: detail, statusCode: status, title: title,
            extensions: checkStatus is null ? null : new Dictionary<string, object?>
            {
                ["check"] = new Dictionary<string, object?> { ["status"] = checkStatus, ["reason"] = reason, ["httpStatus"] = httpStatus },
            });
}
