using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Infrastructure.OneShot;

/// <summary>What one look at a cited source found, as the one-shot check reports it (a row of its table, an entry of its JSON).</summary>
/// <param name="Url">The URL as the document cites it.</param>
/// <param name="NormalizedUrl">The URL fetched.</param>
/// <param name="Context">Where the document cites it (its sentence or link text), for the first occurrence.</param>
/// <param name="Occurrences">How often the document cites it.</param>
/// <param name="Self">True for the checked page's own address.</param>
/// <param name="Status">The check's status, as in the monitor.</param>
/// <param name="Reason">Why, when the status alone does not say (<c>http_404</c>, <c>redirected_to_home</c>...).</param>
/// <param name="HttpStatus">The final answer's HTTP status; null when none came.</param>
/// <param name="FinalUrl">Where the redirects ended.</param>
/// <param name="Error">The failure in words, when there was one.</param>
/// <param name="Readiness">What the status means before publishing.</param>
/// <param name="Verdict">The same in a sentence.</param>
/// <param name="DurationMs">How long the look took.</param>
internal sealed record SourceCheck(
    string Url,
    string NormalizedUrl,
    string? Context,
    int Occurrences,
    bool Self,
    CheckStatus Status,
    string? Reason,
    int? HttpStatus,
    string? FinalUrl,
    string? Error,
    Readiness Readiness,
    string Verdict,
    long DurationMs);
