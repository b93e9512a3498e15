using System.ComponentModel.DataAnnotations;
using CitationMonitor.Api.Http;

namespace CitationMonitor.Api.Citations;

/// <summary>Body of <c>POST /api/citations</c>.</summary>
public sealed record AddCitationRequest(
    [property: Required(ErrorMessage = "url is required: the http(s) URL to watch."),
        StringLength(AddCitationRequest.MaxUrlLength, MinimumLength = 1, ErrorMessage = "url must be 1 to {1} characters.")] string Url,
    long? DocumentId,
    [property: StringLength(AddCitationRequest.MaxContextLength, ErrorMessage = "context must be at most {1} characters.")] string? Context,
    [property: StringLength(UpdateCitationRequest.MaxQuoteLength, ErrorMessage = "quote must be at most {1} characters.")] string? Quote = null)
{
    public const int MaxUrlLength = 8192;
    public const int MaxContextLength = 4000;

    /// <summary>The largest body the endpoint reads: every text field at its longest, every character escaped.</summary>
    public static long MaxBodyBytes => InputLimits.JsonBodyBytes(MaxUrlLength + MaxContextLength + UpdateCitationRequest.MaxQuoteLength);
}

/// <summary>
/// Body of <c>PATCH /api/citations/{id}</c>, for a citation cited in one place: the passage it quotes and when it was
/// accessed; only the fields given change, and an explicit null clears one.
/// </summary>
public sealed record UpdateCitationRequest([property: StringLength(UpdateCitationRequest.MaxQuoteLength)] string? Quote, DateTimeOffset? AccessedAt = null)
{
    public const int MaxQuoteLength = 10000;

    /// <summary>
    /// The largest body a PATCH of a place reads: the longest passage, every character escaped, and the access date.
    /// </summary>
    public static long MaxBodyBytes => InputLimits.JsonBodyBytes(MaxQuoteLength);
}

/// <summary>
/// Body of <c>PATCH /api/documents/{id}/citations/{citationId}</c>: the passage this document quotes from the source and
/// when it accessed it (an ISO 8601 date); only the fields given change, and an explicit null clears one.
/// </summary>
public sealed record UpdatePlaceRequest(
    [property: StringLength(UpdateCitationRequest.MaxQuoteLength)] string? Quote,
    DateTimeOffset? AccessedAt);
