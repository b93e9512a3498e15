using System.ComponentModel.DataAnnotations;

namespace CitationMonitor.Api.Citations;

/// <summary>Body of <c>POST /api/citations</c>.</summary>
public sealed record AddCitationRequest(
    [property: Required, StringLength(8192, MinimumLength = 1)] string Url,
    long? DocumentId,
    [property: StringLength(4000)] string? Context,
    [property: StringLength(10000)] string? Quote = null);

/// <summary>Body of <c>PATCH /api/citations/{id}</c>: the passage the citation quotes; null or empty clears it.</summary>
public sealed record UpdateCitationRequest([property: StringLength(10000)] string? Quote);
