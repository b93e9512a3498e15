using System.ComponentModel.DataAnnotations;

namespace CitationMonitor.Api.Citations;

/// <summary>Body of <c>POST /api/citations</c>.</summary>
public sealed record AddCitationRequest(
    [property: Required, StringLength(8192, MinimumLength = 1)] string Url,
    long? DocumentId,
    [property: StringLength(4000)] string? Context,
    [property: StringLength(10000)] string? Quote = null);

/// <summary>
/// Body of <c>PATCH /api/citations/{id}</c>, for a citation cited in one place: the passage it quotes and when it was
/// accessed; only the fields given change, and an explicit null clears one.
/// </summary>
public sealed record UpdateCitationRequest([property: StringLength(UpdateCitationRequest.MaxQuoteLength)] string? Quote, DateTimeOffset? AccessedAt = null)
{
    public const int MaxQuoteLength = 10000;
}

/// <summary>
/// Body of <c>PATCH /api/documents/{id}/citations/{citationId}</c>: the passage this document quotes from the source and
/// when it accessed it (an ISO 8601 date); only the fields given change, and an explicit null clears one.
/// </summary>
public sealed record UpdatePlaceRequest(
    [property: StringLength(UpdateCitationRequest.MaxQuoteLength)] string? Quote,
    DateTimeOffset? AccessedAt);
