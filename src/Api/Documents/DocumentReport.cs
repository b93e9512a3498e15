using System.Globalization;
using System.Text;
using CitationMonitor.Api.Citations;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;

namespace CitationMonitor.Api.Documents;

/// <summary>
/// What a researcher reads before re-publishing a document: for each source it cites, where it stands and why, and the
/// totals at the top.
/// </summary>
public sealed record DocumentReport(
    long DocumentId,
    string Title,
    string? SourceUrl,
    DateTimeOffset GeneratedAt,
    DocumentReportTotals Totals,
    IReadOnlyList<DocumentReportCitation> Citations);

/// <param name="Citations">Distinct sources the document cites.</param>
/// <param name="ByHealth">Sources per health, every health listed.</param>
/// <param name="ByStatus">Sources per status of their last check (never-checked sources are not counted).</param>
/// <param name="Changed">Sources with at least one recorded change.</param>
/// <param name="Changes">Changes recorded across the document's sources.</param>
/// <param name="QuotesAltered">Sources whose cited passage now reads differently.</param>
/// <param name="QuotesMissing">Sources whose cited passage is gone.</param>
/// <param name="NeedAttention">Sources broken, degraded or blocked, or whose passage is altered or missing.</param>
public sealed record DocumentReportTotals(
    int Citations,
    IReadOnlyDictionary<string, int> ByHealth,
    IReadOnlyDictionary<string, int> ByStatus,
    int Changed,
    int Changes,
    int QuotesAltered,
    int QuotesMissing,
    int NeedAttention);

/// <summary>
/// One cited source in a document report: <c>url</c> as this document cites it, <c>healthSince</c> when the source took
/// its current health (its newest health transition), <c>firstSeenAt</c> when the monitor started watching it, and
/// <c>verdict</c>, why the monitor says what it says, in a sentence or two; <c>archivedUrl</c> and <c>archivedAt</c>, a web
/// archive's copy of the source closest to when the monitor first saw it.
/// </summary>
public sealed record DocumentReportCitation(
    long Id,
    string Url,
    string NormalizedUrl,
    string? FinalUrl,
    string Context,
    CitationHealth Health,
    DateTimeOffset? HealthSince,
    CheckStatus? LastStatus,
    int? LastHttpStatus,
    string? LastReason,
    DateTimeOffset? LastCheckedAt,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset? LastOkAt,
    int ChangeCount,
    DateTimeOffset? LastChangedAt,
    QuoteStatus? QuoteStatus,
    double? QuoteSimilarity,
    string Verdict,
    string? ArchivedUrl = null,
    DateTimeOffset? ArchivedAt = null)
{
    /// <summary>The passage this document quotes from the source, next to the URL; null when it quotes none.</summary>
    public string? Quote { get; init; }

    /// <summary>When this document says it accessed the source.</summary>
    public DateTimeOffset? AccessedAt { get; init; }

    /// <summary>How often the document cites the source.</summary>
    public int Occurrences { get; init; }

    /// <summary>
    /// Whether the source's text changed since it was cited: true or false against a web archive's capture from when it
    /// was cited (its access date, else the document's publication date), null when no such baseline exists yet.
    /// </summary>
    public bool? ChangedSinceCited { get; init; }

    /// <summary>The first change since it was cited (its diff against that baseline at <c>/api/changes/{id}</c>); null when none.</summary>
    public long? ChangeSinceCitedId { get; init; }
}

internal static class DocumentReports
{
    public static DocumentReport Build(
        DocumentRow document, IReadOnlyList<CitationWithPlaces> citations, IReadOnlyDictionary<long, DateTimeOffset> healthSince,
        HealthPolicy policy, DateTimeOffset now, IReadOnlyDictionary<long, long?>? sinceCited = null, CultureInfo? language = null)
    {
        var rows = citations.Select(c => Citation(document, c, healthSince, policy, language) with
        {
            ChangedSinceCited = sinceCited is not null && sinceCited.TryGetValue(c.Citation.Id, out var change) ? change is not null : null,
            ChangeSinceCitedId = sinceCited?.GetValueOrDefault(c.Citation.Id),
        }).ToList();
        var byHealth = CitationHealthNames.All.ToDictionary(h => h, h => rows.Count(r => r.Health.ToWireName() == h), StringComparer.Ordinal);
        var byStatus = rows.Where(r => r.LastStatus is not null)
            .GroupBy(r => r.LastStatus!.Value.ToWireName(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var totals = new DocumentReportTotals(
            rows.Count,
            byHealth,
            byStatus,
            rows.Count(r => r.ChangeCount > 0),
            rows.Sum(r => r.ChangeCount),
            rows.Count(r => r.QuoteStatus == Domain.Quotes.QuoteStatus.Altered),
            rows.Count(r => r.QuoteStatus == Domain.Quotes.QuoteStatus.Missing),
            rows.Count(r => Verdicts.NeedsAttention(r.Health, r.QuoteStatus)));
        return new DocumentReport(document.Id, document.Title, document.SourceUrl, now, totals, rows);
    }

    private static DocumentReportCitation Citation(
        DocumentRow document, CitationWithPlaces citation, IReadOnlyDictionary<long, DateTimeOffset> healthSince, HealthPolicy policy,
        CultureInfo? language)
    {
        // The citation as this document shows it (its place's passage and access date), so statuses are read one way only.
        var c = DocumentMapping.ToDocumentCitation(citation, document);
        var input = c.ToVerdictInput(citation.Citation.FirstFailureAt);
        return new DocumentReportCitation(
            c.Id,
            citation.Places.FirstOrDefault(p => p.DocumentId == document.Id)?.CitedUrl ?? c.Url,
            c.NormalizedUrl,
            c.FinalUrl,
            c.Context,
            c.Health,
            healthSince.TryGetValue(c.Id, out var since) ? since : null,
            c.LastStatus,
            c.LastHttpStatus,
            c.LastReason,
            c.LastCheckedAt,
            c.CreatedAt,
            c.LastOkAt,
            c.ChangeCount,
            c.LastChangedAt,
            c.QuoteStatus,
            c.QuoteSimilarity,
            Verdicts.Explain(input, policy, language),
            c.ArchivedUrl,
            c.ArchivedAt)
        {
            Quote = c.Quote,
            AccessedAt = c.AccessedAt,
            Occurrences = c.Occurrences,
        };
    }

    /// <summary>
    /// The same report as CSV (RFC 4180, UTF-8 with a byte-order mark so that spreadsheet programs read accents right, a
    /// header row), one row per source, for a spreadsheet: the document's title first, then the URL as cited and its
    /// context, health, last status and reason, first seen, last reached, changes, the passage and its status, the archived
    /// copy and the verdict.
    /// </summary>
    public static byte[] ToCsv(DocumentReport report)
    {
        var csv = new StringBuilder();
        csv.Append("document,id,url,context,normalizedUrl,finalUrl,health,healthSince,lastStatus,lastHttpStatus,lastReason,lastCheckedAt,")
            .Append("firstSeenAt,lastOkAt,changeCount,lastChangedAt,changedSinceCited,quote,quoteStatus,quoteSimilarity,accessedAt,archivedUrl,archivedAt,verdict\r\n");
        foreach (var c in report.Citations)
        {
            string?[] fields =
            [
                report.Title, c.Id.ToString(CultureInfo.InvariantCulture), c.Url, c.Context, c.NormalizedUrl, c.FinalUrl, c.Health.ToWireName(),
                Time(c.HealthSince), c.LastStatus?.ToWireName(), c.LastHttpStatus?.ToString(CultureInfo.InvariantCulture), c.LastReason,
                Time(c.LastCheckedAt), Time(c.FirstSeenAt), Time(c.LastOkAt), c.ChangeCount.ToString(CultureInfo.InvariantCulture),
                Time(c.LastChangedAt), c.ChangedSinceCited is { } changed ? (changed ? "true" : "false") : null, c.Quote, c.QuoteStatus?.ToWireName(), c.QuoteSimilarity?.ToString("0.####", CultureInfo.InvariantCulture),
                Time(c.AccessedAt), c.ArchivedUrl, Time(c.ArchivedAt), c.Verdict,
            ];
            csv.AppendJoin(',', fields.Select(Field)).Append("\r\n");
        }

        return [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static string? Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // Quoted when needed; a leading = + - @ is prefixed with ' so that a spreadsheet never runs a cell as a formula
    // (URLs and titles come from other people's documents).
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
