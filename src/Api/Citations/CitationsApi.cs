using System.Text.Json;
using CitationMonitor.Api.Changes;
using CitationMonitor.Api.Checks;
using CitationMonitor.Api.Http;
using CitationMonitor.Api.Snapshots;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CitationMonitor.Api.Citations;

internal static class CitationsApi
{
    public static RouteGroupBuilder MapCitations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/citations").WithTags("Citations")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/", ListCitations).WithName("ListCitations").Cached()
            .WithSummary("Watched sources, filtered by health, last status, host, document, recent change, text, label or pause; retired ones only with retired=true.");
        group.MapGet("/{id}", GetCitation).ProducesProblem(StatusCodes.Status404NotFound).WithName("GetCitation").WithSummary("One watched source.");
        group.MapGet("/{id}/checks", ListChecks).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListCitationChecks").Cached().WithSummary("Checks of a source, newest first.");
        group.MapGet("/{id}/snapshots", ListSnapshots).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListCitationSnapshots").WithSummary("Snapshots of a source, newest first.");
        group.MapGet("/{id}/changes", ListChanges).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListCitationChanges")
            .WithSummary("Changes of a source, newest first, with the same filters as /api/changes.");

        group.MapGet("/{id}/documents", ListDocuments).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListCitationDocuments")
            .WithSummary("A page of the documents that cite a source, in document order, each with its occurrences, passage and access date: all of them, where the citation's own answer lists the first 20.");

        group.MapGet("/{id}/volatile", ListVolatileLines).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListCitationVolatileLines")
            .WithSummary("Lines of the source learned to change between two fetches seconds apart; left out of every comparison.");

        group.MapGet("/{id}/audit", ListAudit).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListCitationAudit")
            .WithSummary("Every edit of a source (passage, access date, pause, labels, check interval, retirement), newest first: when, by which key, the values before and after.");

        group.MapGet("/{id}/health", ListHealthTransitions).ProducesProblem(StatusCodes.Status404NotFound).WithName("ListCitationHealthTransitions")
            .WithSummary("Changes of a source's health (from, to, when, which check), newest first.");

        group.MapPost("/", AddCitation).WithName("AddCitation")
            .WithSummary("Watches a URL: 201 with the new citation, 200 with the existing one when its normalized URL is already watched.")
            .RequireAuthorization(ApiKeyAuthenticationHandler.WritePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithBodyLimit(AddCitationRequest.MaxBodyBytes);
        group.MapPatch("/{id}", UpdateCitation).Accepts<UpdateCitationRequest>("application/json").ProducesProblem(StatusCodes.Status404NotFound).WithName("UpdateCitation")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Pauses or resumes a source's checks (paused), sets its labels, its own check interval (checkInterval) or brings it back from retirement (retired: false); sets or clears the passage (quote) and access date (accessedAt) of a citation cited in one place, 409 naming the documents when several cite it. Every change is audited.")
            .RequireAuthorization(ApiKeyAuthenticationHandler.WritePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithBodyLimit(UpdateCitationRequest.MaxBodyBytes);
        group.MapDelete("/{id}", RetireCitation).ProducesProblem(StatusCodes.Status404NotFound).WithName("RetireCitation")
            .WithSummary("Retires a source: no more checks, left out of lists unless retired=true, still readable by id; every check, snapshot and change is kept. 204.")
            .RequireAuthorization(ApiKeyAuthenticationHandler.WritePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithNoBody();
        group.MapPost("/{id}/check", CheckNow).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithName("CheckCitation")
            .WithSummary("Checks a source now, through the same pipeline and within the same budget as the scheduler (a paused source too; a retired one is 409); 503 with Retry-After while its host is paused or the budget of checks is full.")
            .RequireAuthorization(ApiKeyAuthenticationHandler.WritePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithNoBody();
        return group;
    }

    internal sealed record CitationQuery(
        [property: FromQuery(Name = "health")] string? Health,
        [property: FromQuery(Name = "status")] string? Status,
        [property: FromQuery(Name = "host")] string? Host,
        [property: FromQuery(Name = "documentId")] string? DocumentId,
        [property: FromQuery(Name = "changedSince")] string? ChangedSince,
        [property: FromQuery(Name = "q")] string? Q,
        [property: FromQuery(Name = "label")] string? Label,
        [property: FromQuery(Name = "paused")] string? Paused,
        [property: FromQuery(Name = "retired")] string? Retired);

    private static async Task<Results<Ok<Paged<CitationResponse>>, ValidationProblem>> ListCitations(
        [AsParameters] CitationQuery query, [AsParameters] PagingParameters paging, CitationStore citations, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var filter = new CitationFilter(
            errors.OneOf<CitationHealth>("health", query.Health),
            errors.OneOf<CheckStatus>("status", query.Status),
            string.IsNullOrWhiteSpace(query.Host) ? null : query.Host.Trim(),
            errors.Id("documentId", query.DocumentId),
            errors.Time("changedSince", query.ChangedSince),
            query.Q,
            CitationLabels.Parse(errors, query.Label),
            errors.Bool("paused", query.Paused),
            errors.Bool("retired", query.Retired) ?? false);
        var page = paging.Parse(errors);
        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        var result = await citations.ListAsync(filter, page, cancellationToken);
        return TypedResults.Ok(result.Map(c => c.ToResponse()));
    }

    private static async Task<Results<Ok<CitationResponse>, ProblemHttpResult>> GetCitation(
        long id, CitationStore citations, CancellationToken cancellationToken) =>
        await citations.GetAsync(id, cancellationToken) is { } citation
            ? TypedResults.Ok(citation.ToResponse())
            : Problems.NotFound("citation", id);

    private static Task<Results<Ok<Paged<CheckResponse>>, ProblemHttpResult, ValidationProblem>> ListChecks(
        long id, [AsParameters] PagingParameters paging, CitationStore citations, CheckStore checks, CancellationToken cancellationToken) =>
        ListOfCitationAsync(id, paging, citations, page => checks.ListForCitationAsync(id, page, cancellationToken), c => c.ToResponse(), cancellationToken);

    private static Task<Results<Ok<Paged<SnapshotResponse>>, ProblemHttpResult, ValidationProblem>> ListSnapshots(
        long id, [AsParameters] PagingParameters paging, CitationStore citations, SnapshotStore snapshots, CancellationToken cancellationToken) =>
        ListOfCitationAsync(id, paging, citations, page => snapshots.ListForCitationAsync(id, page, cancellationToken), s => s.ToResponse(), cancellationToken);

    private static async Task<Results<Ok<Paged<ChangeResponse>>, ProblemHttpResult, ValidationProblem>> ListChanges(
        long id, [AsParameters] ChangeQuery query, [AsParameters] PagingParameters paging, CitationStore citations, ChangeStore changes,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var filter = query.Parse(errors) with { CitationId = id };
        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        return await ListOfCitationAsync(id, paging, citations, page => changes.ListAsync(filter, page, cancellationToken), c => c.ToResponse(), cancellationToken);
    }

    private static Task<Results<Ok<Paged<VolatileLineResponse>>, ProblemHttpResult, ValidationProblem>> ListVolatileLines(
        long id, [AsParameters] PagingParameters paging, CitationStore citations, VolatileLineStore volatileLines, CancellationToken cancellationToken) =>
        ListOfCitationAsync(id, paging, citations, page => volatileLines.ListAsync(id, page, cancellationToken), v => v.ToResponse(), cancellationToken);

    private static Task<Results<Ok<Paged<CitationAuditResponse>>, ProblemHttpResult, ValidationProblem>> ListAudit(
        long id, [AsParameters] PagingParameters paging, CitationStore citations, CitationAuditStore audit, CancellationToken cancellationToken) =>
        ListOfCitationAsync(id, paging, citations, page => audit.ListAsync(id, page, cancellationToken), a => a.ToResponse(), cancellationToken);

    private static Task<Results<Ok<Paged<HealthTransitionResponse>>, ProblemHttpResult, ValidationProblem>> ListHealthTransitions(
        long id, [AsParameters] PagingParameters paging, CitationStore citations, HealthTransitionStore transitions, CancellationToken cancellationToken) =>
        ListOfCitationAsync(id, paging, citations, page => transitions.ListForCitationAsync(id, page, cancellationToken), t => t.ToResponse(), cancellationToken);

    /// <summary>A page of something a citation has: 400 for bad paging, 404 for an unknown citation.</summary>
    private static Task<Results<Ok<Paged<CitationDocumentResponse>>, ProblemHttpResult, ValidationProblem>> ListDocuments(
        long id, [AsParameters] PagingParameters paging, CitationStore citations, PlaceStore places, CancellationToken cancellationToken) =>
        ListOfCitationAsync(id, paging, citations, page => places.DocumentsOfCitationAsync(id, page, cancellationToken), CitationMapping.ToDocument, cancellationToken);

    private static async Task<Results<Ok<Paged<TResponse>>, ProblemHttpResult, ValidationProblem>> ListOfCitationAsync<TRow, TResponse>(
        long id, PagingParameters paging, CitationStore citations, Func<PageRequest, Task<Paged<TRow>>> list, Func<TRow, TResponse> map,
        CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var page = paging.Parse(errors);
        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        if (!await citations.ExistsAsync(id, cancellationToken))
        {
            return Problems.NotFound("citation", id);
        }

        return TypedResults.Ok((await list(page)).Map(map));
    }

    /// <summary>
    /// Watches a URL. A retired citation posted again is brought back: the answer is 200 with <c>retired: false</c> and
    /// <c>restored: true</c>, and its audit records who did.
    /// </summary>
    internal static async Task<Results<Created<CitationResponse>, Ok<CitationResponse>, ValidationProblem>> AddCitation(
        AddCitationRequest request, CitationStore citations, CitationLife life, DocumentStore documents, HttpContext http,
        CancellationToken cancellationToken)
    {
        var cited = request.Url.Trim();
        if (!UrlNormalizer.TryNormalize(cited, out var normalized, out var error))
        {
            return Problems.Invalid("url", error);
        }

        if (request.DocumentId is { } documentId && !await documents.ExistsAsync(documentId, cancellationToken))
        {
            return Problems.Invalid("documentId", $"No document has id {documentId}.");
        }

        var keyName = http.KeyName();
        var (citation, created, restored) = await citations.AddAsync(cited, normalized, request.DocumentId, request.Context, keyName, cancellationToken);
        // The passage is the place's: the document's that cites it here, or the source's own when no document is given.
        if (!string.IsNullOrWhiteSpace(request.Quote)
            && citation.Places.FirstOrDefault(p => p.DocumentId == request.DocumentId) is { } place)
        {
            await life.EditAsync(
                citation.Citation.Id, new PlaceRef(place.Id, place.DocumentId), new CitationEdit { SetsQuote = true, Quote = request.Quote.Trim() },
                keyName, cancellationToken);
            citation = (await citations.GetAsync(citation.Citation.Id, request.DocumentId, cancellationToken))!;
        }

        var response = citation.ToResponse() with { Restored = restored ? true : null };
        return created ? TypedResults.Created($"/api/citations/{response.Id}", response) : TypedResults.Ok(response);
    }

    /// <summary>
    /// Edits a citation: its pause, labels, own check interval and return from retirement, and the passage (and access
    /// date) of its one place; a citation several documents cite has one passage per document, so a passage or date is
    /// ambiguous: 409 naming them, and the endpoint that sets one, with nothing changed. Every change is audited.
    /// </summary>
    private static async Task<Results<Ok<CitationResponse>, ProblemHttpResult, ValidationProblem>> UpdateCitation(
        long id, JsonElement body, CitationStore citations, CitationLife life, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var patch = CitationPatch.Parse(body, errors);
        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        if (await citations.GetAsync(id, cancellationToken) is not { } citation)
        {
            return Problems.NotFound("citation", id);
        }

        PlaceRef? place = null;
        if (patch.Place.SetsAny)
        {
            if (citation.Summary.PlaceCount != 1)
            {
                return SeveralPlaces(citation);
            }

            place = new PlaceRef(citation.Places[0].Id, citation.Places[0].DocumentId);
        }

        return await life.EditAsync(id, place, patch.Life, http.KeyName(), cancellationToken)
            ? TypedResults.Ok((await citations.GetAsync(id, cancellationToken))!.ToResponse())
            : Problems.NotFound("citation", id);
    }

    /// <summary>Retires a citation (204); retiring a retired one changes nothing. Nothing it gathered is erased.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> RetireCitation(
        long id, CitationLife life, HttpContext http, CancellationToken cancellationToken) =>
        await life.RetireAsync(id, http.KeyName(), cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound("citation", id);

    private static ProblemHttpResult SeveralPlaces(CitationWithPlaces citation)
    {
        var id = citation.Citation.Id;
        var documents = citation.DocumentPlaces.Select(p => new { id = p.DocumentId, title = p.DocumentTitle }).ToList();
        var named = string.Join("; ", documents.Select(d => $"{d.id} \"{d.title}\""));
        var alone = citation.Places.Any(p => p.DocumentId is null) ? ", and it is also watched on its own" : "";
        return TypedResults.Problem(
            detail: $"Citation {id} is cited by {citation.Summary.DocumentCount} document(s) ({named}{(citation.Summary.DocumentCount > documents.Count ? "; …" : "")}){alone}; each quotes its own passage. "
                + $"Set one with PATCH /api/documents/{{documentId}}/citations/{id}.",
            statusCode: StatusCodes.Status409Conflict,
            title: "Citation cited in several places",
            extensions: new Dictionary<string, object?> { ["documents"] = documents });
    }

    internal static async Task<Results<Ok<CheckResponse>, ProblemHttpResult>> CheckNow(
        long id, CitationChecker checker, HttpContext http, TimeProvider time, CancellationToken cancellationToken)
    {
        var run = await checker.TryCheckNowAsync(id, cancellationToken);
        switch (run.Outcome)
        {
            case CheckRunOutcome.Checked:
                return TypedResults.Ok(run.Check!.ToResponse());
            case CheckRunOutcome.Busy:
                http.Response.Headers.RetryAfter = "5";
                return TypedResults.Problem(
                    detail: $"Citation {id} is being checked, or the scheduler has claimed it for a check about to start; its result will be in /api/citations/{id}/checks shortly.",
                    statusCode: StatusCodes.Status409Conflict, title: "Check in progress");
            case CheckRunOutcome.Retired:
                return TypedResults.Problem(
                    detail: $"Citation {id} is retired: it is checked no more. Bring it back with PATCH /api/citations/{id} {{ \"retired\": false }}, then check it.",
                    statusCode: StatusCodes.Status409Conflict, title: "Citation retired");
            case CheckRunOutcome.Postponed:
                return HostPaused(id, run, http, time);
            case CheckRunOutcome.Refused:
                return BudgetFull(id, run.Refusal!, http);
            default:
                return Problems.NotFound("citation", id);
        }
    }

    /// <summary>503 with Retry-After: the citation's host may not be asked yet, and nothing was fetched or recorded.</summary>
    private static ProblemHttpResult HostPaused(long id, CheckRun run, HttpContext http, TimeProvider time)
    {
        var until = run.PausedUntil!.Value;
        var seconds = Math.Max(1L, (long)Math.Ceiling((until - time.GetUtcNow()).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var why = run.PauseReason switch
        {
            CheckReasons.RetryAfter => "it asked for no requests before then (Retry-After)",
            CheckReasons.SharedTurnUnavailable => "its turn among the workers could not be taken, the database not answering",
            _ => "connections to it keep failing",
        };
        return TypedResults.Problem(
            detail: $"The host {run.PausedHost} is paused until {until.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}: {why}. "
                + $"Citation {id} was not checked; it is due again then.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Host paused",
            extensions: new Dictionary<string, object?>
            {
                ["host"] = run.PausedHost,
                ["pausedUntil"] = until,
                ["reason"] = run.PauseReason,
            });
    }

    /// <summary>
    /// 503 with Retry-After: the process's budget of checks (shared with the scheduler) has no room for this check now;
    /// nothing was recorded and the citation's schedule is unchanged.
    /// </summary>
    private static ProblemHttpResult BudgetFull(long id, CheckRefusal refusal, HttpContext http)
    {
        var seconds = (long)Math.Ceiling(CheckBudget.RetryAfter.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var why = refusal.Reason switch
        {
            CheckRefusal.MaxConcurrencyPerHost =>
                $"{refusal.InFlight} checks of {refusal.Host} are running, as many as the monitor runs against one host at once (Monitor:Worker:MaxConcurrencyPerHost)",
            CheckRefusal.MaxLargeBodies =>
                $"its source's answer is large, and every one of the monitor's {refusal.Limit} turns for large answers (Monitor:Fetch:MaxLargeBodies) is taken",
            _ => refusal.InFlight >= refusal.Limit
                ? $"{refusal.InFlight} checks are running, as many as the monitor runs at once (Monitor:Worker:MaxConcurrency)"
                : "scheduled checks are waiting for their turn, and they go first",
        };
        var extensions = new Dictionary<string, object?> { ["reason"] = refusal.Reason };
        if (refusal.Host is not null)
        {
            extensions["host"] = refusal.Host;
        }

        return TypedResults.Problem(
            detail: $"Citation {id} was not checked: {why}. Nothing was recorded; ask again in {seconds} s, or leave it to the scheduler.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Too many checks at once",
            extensions: extensions);
    }
}
