using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using CitationMonitor.Api.Citations;
using CitationMonitor.Api.Http;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CitationMonitor.Api.Documents;

/// <summary>
/// Body of <c>PATCH /api/documents/{id}</c>: corrects the title, the URL the document lives at, or its publication date;
/// only the fields given change, and an explicit null clears <c>sourceUrl</c> or <c>publishedAt</c>.
/// </summary>
public sealed record UpdateDocumentRequest(
    [property: StringLength(UpdateDocumentRequest.MaxTitleLength, MinimumLength = 1)] string? Title,
    [property: StringLength(AddCitationRequest.MaxUrlLength)] string? SourceUrl,
    [property: StringLength(UpdateDocumentRequest.MaxDateLength)] string? PublishedAt)
{
    public const int MaxTitleLength = 1000;
    public const int MaxDateLength = 64;

    /// <summary>The largest body a PATCH of a document reads: its title, URL and date at their longest, every character escaped.</summary>
    public static long MaxBodyBytes => InputLimits.JsonBodyBytes(MaxTitleLength + AddCitationRequest.MaxUrlLength + MaxDateLength);
}

/// <summary>A document's life after it is posted: corrected with <c>PATCH</c>, retired with <c>DELETE</c>.</summary>
internal static class DocumentLifeApi
{
    private static readonly string[] Fields = ["title", "sourceUrl", "publishedAt"];

    public static void MapDocumentLife(this RouteGroupBuilder group)
    {
        group.MapPatch("/{id}", UpdateDocument).Accepts<UpdateDocumentRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).WithName("UpdateDocument")
            .WithSummary("Corrects a document's title, sourceUrl or publishedAt (null clears the last two); 200 with the Document.")
            .RequireAuthorization(ApiKeyAuthenticationHandler.WritePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithBodyLimit(UpdateDocumentRequest.MaxBodyBytes);
        group.MapDelete("/{id}", RetireDocument).ProducesProblem(StatusCodes.Status404NotFound).WithName("RetireDocument")
            .WithSummary("Retires a document (left out of lists unless retired=true, still readable by id) and the citations no other document cites; nothing is erased. 204.")
            .RequireAuthorization(ApiKeyAuthenticationHandler.WritePolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithNoBody();
    }

    private static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult, ValidationProblem>> UpdateDocument(
        long id, JsonElement body, DocumentLife life, DocumentStore documents, CitationStore citations, CancellationToken cancellationToken)
    {
        var errors = new QueryErrors();
        var edit = Parse(body, errors);
        if (errors.HasErrors)
        {
            return Problems.Invalid(errors);
        }

        if (!await life.EditAsync(id, edit, cancellationToken) || await documents.GetAsync(id, cancellationToken) is not { } row)
        {
            return Problems.NotFound("document", id);
        }

        return TypedResults.Ok(await DocumentsApi.ToResponseAsync(row, citations, DocumentMapping.MaxPlacesInAnswer, cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RetireDocument(
        long id, DocumentLife life, HttpContext http, CancellationToken cancellationToken) =>
        await life.RetireAsync(id, http.KeyName(), cancellationToken) is null
            ? Problems.NotFound("document", id)
            : TypedResults.NoContent();

    /// <summary>
    /// The correction in the body, validated as <c>POST /api/documents</c> validates the same fields. Only fields present
    /// change; a blank one is an error rather than a silent clear (null clears).
    /// </summary>
    private static DocumentEdit Parse(JsonElement body, QueryErrors errors)
    {
        if (body.ValueKind != JsonValueKind.Object || !Fields.Any(f => body.TryGetProperty(f, out _)))
        {
            errors.Add("body", "Give at least one of \"title\", \"sourceUrl\" (null to clear it) and \"publishedAt\" (an ISO 8601 date, null to clear it).");
            return new DocumentEdit();
        }

        string? title = null;
        if (body.TryGetProperty("title", out var titleGiven))
        {
            title = titleGiven.ValueKind == JsonValueKind.String ? titleGiven.GetString()!.Trim() : null;
            if (string.IsNullOrEmpty(title) || title.Length > UpdateDocumentRequest.MaxTitleLength)
            {
                errors.Add("title", $"must be text of 1 to {UpdateDocumentRequest.MaxTitleLength} characters; a document always has a title.");
            }
        }

        var setsSourceUrl = body.TryGetProperty("sourceUrl", out var urlGiven);
        string? sourceUrl = null;
        if (setsSourceUrl && urlGiven.ValueKind != JsonValueKind.Null)
        {
            sourceUrl = urlGiven.ValueKind == JsonValueKind.String ? urlGiven.GetString()!.Trim() : null;
            if (string.IsNullOrEmpty(sourceUrl) || sourceUrl.Length > AddCitationRequest.MaxUrlLength)
            {
                errors.Add("sourceUrl", $"must be an http(s) URL of at most {AddCitationRequest.MaxUrlLength} characters, or null to clear it.");
            }
            else if (!UrlNormalizer.TryNormalize(sourceUrl, out _, out var error))
            {
                errors.Add("sourceUrl", error);
            }
        }

        var setsPublishedAt = body.TryGetProperty("publishedAt", out var dateGiven);
        DateTimeOffset? publishedAt = null;
        if (setsPublishedAt && dateGiven.ValueKind != JsonValueKind.Null)
        {
            var text = dateGiven.ValueKind == JsonValueKind.String ? dateGiven.GetString() : null;
            if (string.IsNullOrWhiteSpace(text) || text.Length > UpdateDocumentRequest.MaxDateLength)
            {
                errors.Add("publishedAt", "must be an ISO 8601 date or time, e.g. 2026-01-31, or null to clear it.");
            }
            else
            {
                publishedAt = errors.Time("publishedAt", text);
            }
        }

        return new DocumentEdit
        {
            Title = title,
            SetsSourceUrl = setsSourceUrl,
            SourceUrl = sourceUrl,
            SetsPublishedAt = setsPublishedAt,
            PublishedAt = publishedAt,
        };
    }
}
