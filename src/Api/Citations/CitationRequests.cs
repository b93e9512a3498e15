using System.ComponentModel.DataAnnotations;

namespace CitationMonitor.Api.Citations;

/// <summary>Body of <c>POST /api/citations</c>.</summary>
public sealed record AddCitationRequest(
    [property: Required, StringLength(8192, MinimumLength = 1)] string Url,
    long? DocumentId,
    [property: StringLength(4000)] string? Context);
