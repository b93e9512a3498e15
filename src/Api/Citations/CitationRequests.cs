using System.ComponentModel.DataAnnotations;

namespace CitationMonitor.Api.Citations;

/// <summary>Body of <c>POST /api/citations</c>.</summary>
public sealed record AddCitationRequest(
    [property: Required, StringLength(8192, MinimumLength = 1)] string Url,
    long? DocumentId,
    [property: StringLength(4000)] string? Context,
    [property: StringLength(10000)] string? Quote = null);

/// <summary>Body of <c>PATCH /api/citations/{id}</c>: the passage the citation quotes; an explicit null clears it.</summary>
public sealed record UpdateCitationRequest([property: StringLength(UpdateCitationRequest.MaxQuoteLength)] string? Quote)
{
    public const int MaxQuoteLength = 10000;
}
