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
/// Body of <c>PATCH /api/citations/{id}</c>: only the fields given change, and an explicit null clears one. The passage
/// and access date are those of a citation cited in one place; <c>paused</c> holds back or resumes its checks,
/// <c>labels</c> replaces its labels, <c>checkInterval</c> gives it an interval of its own (a duration written
/// <c>d.hh:mm:ss</c>), and <c>retired: false</c> brings a retired citation back.
/// </summary>
public sealed record UpdateCitationRequest(
    [property: StringLength(UpdateCitationRequest.MaxQuoteLength)] string? Quote,
    DateTimeOffset? AccessedAt = null,
    bool? Paused = null,
    IReadOnlyList<string>? Labels = null,
    string? CheckInterval = null,
    bool? Retired = null)
{
    public const int MaxQuoteLength = 10000;

    /// <summary>
    /// The largest body a PATCH of a citation reads: the longest passage and every label at its longest, every character
    /// escaped, and the dates, interval and flags.
    /// </summary>
    public static long MaxBodyBytes => InputLimits.JsonBodyBytes(MaxQuoteLength + (CitationLabels.MaxCount * CitationLabels.MaxLength));
}

/// <summary>
/// Body of <c>PATCH /api/documents/{id}/citations/{citationId}</c>: the passage this document quotes from the source and
/// when it accessed it (an ISO 8601 date); only the fields given change, and an explicit null clears one.
/// </summary>
public sealed record UpdatePlaceRequest(
    [property: StringLength(UpdateCitationRequest.MaxQuoteLength)] string? Quote,
    DateTimeOffset? AccessedAt);

