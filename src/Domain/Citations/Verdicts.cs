using System.Globalization;
using System.Text;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Citations;

/// <summary>What the monitor knows of one citation, as the verdict sentence needs it.</summary>
public sealed record VerdictInput
{
    public required CitationHealth Health { get; init; }
    public CheckStatus? LastStatus { get; init; }
    public int? LastHttpStatus { get; init; }
    public string? LastReason { get; init; }
    public int ConsecutiveFailures { get; init; }
    public DateTimeOffset? FirstFailureAt { get; init; }
    public DateTimeOffset? LastOkAt { get; init; }
    public required string NormalizedUrl { get; init; }
    public string? FinalUrl { get; init; }
    public int ChangeCount { get; init; }
    public DateTimeOffset? LastChangedAt { get; init; }
    public QuoteStatus? QuoteStatus { get; init; }
    public double? QuoteSimilarity { get; init; }
}

/// <summary>
/// One or two plain sentences saying why the monitor believes what it says of a citation: what the last check saw,
/// how long a failure has lasted against the <c>broken</c> rule, where the source lives now, how often it changed and
/// whether the cited passage is still there. Meant to be read by a person deciding whether a citation still holds.
/// </summary>
public static class Verdicts
{
    /// <summary>
    /// Whether a citation needs a person's attention before a document citing it is re-published: the source is broken,
    /// degraded or blocked, or the passage cited from it now reads differently or is gone.
    /// </summary>
    public static bool NeedsAttention(CitationHealth health, QuoteStatus? quote) =>
        health is CitationHealth.Broken or CitationHealth.Degraded or CitationHealth.Blocked
        || quote is Quotes.QuoteStatus.Altered or Quotes.QuoteStatus.Missing;

    public static string Explain(VerdictInput input, HealthPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(policy);
        var text = new StringBuilder();
        switch (input.Health)
        {
            case CitationHealth.Unknown:
                return "Not checked yet.";
            case CitationHealth.Healthy:
                text.Append("The last check reached the source").Append(input.LastHttpStatus switch
                {
                    304 => " (HTTP 304: not modified since the last capture)",
                    { } code => $" (HTTP {code})",
                    null => "",
                }).Append('.');
                if (input.FinalUrl is { } final && !string.Equals(final, input.NormalizedUrl, StringComparison.Ordinal))
                {
                    text.Append(" It is now served from ").Append(final).Append('.');
                }

                AppendChanges(text, input);
                break;
            case CitationHealth.Degraded:
                text.Append("The last check failed: ").Append(Cause(input)).Append('.');
                if (input.ConsecutiveFailures == 0)
                {
                    text.Append(" A failure of this kind does not count toward broken.");
                    AppendLastReached(text, input);
                    break;
                }

                text.Append(' ').Append(FailureRun(input)).Append(", not yet broken (that takes ")
                    .Append(Count(policy.BrokenAfterFailures, "failed check")).Append(" in a row over at least ")
                    .Append(Duration(policy.BrokenAfter)).Append(").");
                AppendLastReached(text, input);
                break;
            case CitationHealth.Broken:
                text.Append("Broken: ").Append(Cause(input)).Append(". ").Append(FailureRun(input))
                    .Append(", longer than the ").Append(Duration(policy.BrokenAfter)).Append(" the monitor waits before calling a source broken.");
                AppendLastReached(text, input);
                break;
            case CitationHealth.Blocked:
                text.Append("The monitor cannot tell: ").Append(Cause(input)).Append('.');
                AppendLastReached(text, input);
                break;
        }

        AppendQuote(text, input);
        return text.ToString();
    }

    /// <summary>
    /// One check of a source, for a person about to publish a document that cites it: what the check saw, and what to do
    /// about it by its <see cref="Readiness"/> (nothing, fix the citation, or look at the source by hand).
    /// </summary>
    public static string OfOneCheck(CheckStatus status, int? httpStatus, string? reason, string normalizedUrl, string? finalUrl)
    {
        var input = new VerdictInput
        {
            Health = CitationHealth.Unknown,
            LastStatus = status,
            LastHttpStatus = httpStatus,
            LastReason = reason,
            NormalizedUrl = normalizedUrl,
            FinalUrl = finalUrl,
        };
        switch (ReadinessRules.Of(status))
        {
            case Readiness.Ok:
                var text = new StringBuilder("The source was reached").Append(httpStatus is { } code ? $" (HTTP {code})" : "").Append('.');
                if (finalUrl is { } final && !string.Equals(final, normalizedUrl, StringComparison.Ordinal))
                {
                    text.Append(" It is now served from ").Append(final).Append('.');
                }

                return text.ToString();
            case Readiness.Failed:
                return $"Fix before publishing: {Cause(input)}.";
            default:
                return $"Cannot tell: {Cause(input)}. Open it in a browser to make sure.";
        }
    }

    /// <summary>The last check's outcome in words, from its status, HTTP status and reason.</summary>
    public static string Cause(VerdictInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var http = input.LastHttpStatus is { } code and > 0 ? $"HTTP {code}" : null;
        return (input.LastStatus, input.LastReason) switch
        {
            (CheckStatus.Soft404, "host_not_found_template") => "the page answers like the site's own \"not found\" page",
            (CheckStatus.Soft404, "redirected_to_home") => "the link now leads to the site's home page",
            (CheckStatus.Soft404, "error_phrase") => "the page answers, but says the document does not exist",
            (CheckStatus.Soft404, _) => "the page answers, but it is an error page",
            (CheckStatus.Blocked, "login_wall") => "the page now sits behind a sign-in page",
            (CheckStatus.Blocked, "bot_challenge") => "the site answers with a bot challenge instead of the page",
            (CheckStatus.Blocked, _) => $"the site refuses access ({http ?? "401 or 403"})",
            (CheckStatus.RateLimited, "retry_after") => "the site asks the monitor to come back later (HTTP 429 with Retry-After)",
            (CheckStatus.RateLimited, _) => "the site asks the monitor to slow down (HTTP 429)",
            (CheckStatus.NotFound, _) => "the server answers 404 Not Found",
            (CheckStatus.Gone, _) => "the server answers 410 Gone: the page was removed",
            (CheckStatus.ClientError, _) => $"the server refuses the request ({http ?? "a 4xx answer"})",
            (CheckStatus.ServerError, _) => $"the server fails ({http ?? "a 5xx answer"}, after retries)",
            (CheckStatus.Timeout, _) => "the server did not answer in time",
            (CheckStatus.DnsError, _) => "the host name does not resolve",
            (CheckStatus.ConnectionError, _) => "the connection was refused or cut",
            (CheckStatus.TlsError, _) => "the secure connection failed (certificate or handshake)",
            (CheckStatus.RedirectLoop, _) => "its redirects go round in a loop or never end",
            (CheckStatus.ForbiddenTarget, _) => "its address is on a private or local network, which the monitor does not fetch",
            (CheckStatus.InvalidUrl, { } reason) => $"the URL cannot be fetched ({reason.Replace('_', ' ')})",
            (CheckStatus.InvalidUrl, _) => "the URL cannot be fetched",
            (CheckStatus.Ok, _) => "the source was reached",
            _ => "no check has finished yet",
        };
    }

    private static string FailureRun(VerdictInput input) =>
        input.FirstFailureAt is { } since
            ? $"{Capitalized(Count(input.ConsecutiveFailures, "check"))} in a row failed since {Date(since)}"
            : $"{Capitalized(Count(input.ConsecutiveFailures, "check"))} in a row failed";

    private static void AppendLastReached(StringBuilder text, VerdictInput input) =>
        text.Append(input.LastOkAt is { } ok ? $" Last reached on {Date(ok)}." : " It has never been reached.");

    private static void AppendChanges(StringBuilder text, VerdictInput input) =>
        text.Append(input.ChangeCount == 0
            ? " No change since it was first captured."
            : $" It changed {Count(input.ChangeCount, "time")}{(input.LastChangedAt is { } at ? $", last on {Date(at)}" : "")}.");

    private static void AppendQuote(StringBuilder text, VerdictInput input)
    {
        switch (input.QuoteStatus)
        {
            case QuoteStatus.Found:
                text.Append(" The cited passage is still there.");
                break;
            case QuoteStatus.Altered:
                text.Append(" The cited passage reads differently now")
                    .Append(input.QuoteSimilarity is { } similarity ? string.Create(CultureInfo.InvariantCulture, $" ({WordSimilarity.Percent(similarity)}% of its words match)") : "")
                    .Append('.');
                break;
            case QuoteStatus.Missing:
                text.Append(" The cited passage is no longer in the source.");
                break;
        }
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");

    private static string Capitalized(string value) => value.Length == 0 ? value : char.ToUpperInvariant(value[0]) + value[1..];

    private static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? Count((int)span.TotalDays, "day")
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? Count((int)span.TotalHours, "hour")
        : Count((int)Math.Ceiling(span.TotalMinutes), "minute");
}
