using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CitationMonitor.Domain.Extraction;

namespace CitationMonitor.Domain.Documents;

/// <summary>One entry of a reference manager's export (a BibTeX entry, a CSL-JSON item), as far as citing goes.</summary>
/// <param name="Key">The entry's key (BibTeX) or id (CSL-JSON).</param>
/// <param name="Title">Its title, as plain text; null when it has none.</param>
/// <param name="Url">Its <c>url</c> (or <c>URL</c>) field as plain text; null when it has none.</param>
/// <param name="Doi">Its <c>doi</c> (or <c>DOI</c>) field as plain text; null when it has none.</param>
/// <param name="AccessedAt">When the person accessed the source (<c>urldate</c>, <c>accessed</c>); null when the entry does not say.</param>
/// <param name="Line">The 1-based line of the file on which the entry starts.</param>
internal sealed record ReferenceEntry(string Key, string? Title, string? Url, string? Doi, DateTimeOffset? AccessedAt, int Line);

/// <summary>
/// What reference-manager exports share: an entry is cited by its URL, else by its DOI (as its <c>https://doi.org/</c>
/// address), with its title as context and its access date; an entry with neither is listed as
/// <see cref="SkipReasons.NoUrl"/>.
/// </summary>
internal static partial class ReferenceEntries
{
    private const string DoiResolver = "https://doi.org/";

    private static readonly string[] DoiPrefixes =
    [
        "https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi.org/", "dx.doi.org/", "doi:",
    ];

    /// <summary>
    /// Adds the citations of <paramref name="entry"/> to <paramref name="citations"/>, or what is skipped of it to
    /// <paramref name="skipped"/>. Its URL is cited when it can be checked (a <c>url</c> field holding several URLs
    /// separated by spaces, as some exports write them, gives one citation each); its DOI only when no URL of it can
    /// be: the DOI names the same work. A URL that cannot be checked is listed with its reason, and the DOI is tried.
    /// </summary>
    public static void Add(ReferenceEntry entry, List<CitedUrl> citations, List<SkippedText> skipped)
    {
        var context = entry.Title ?? entry.Key;
        var cited = false;
        var urls = (entry.Url ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        foreach (var url in urls)
        {
            if (UrlCandidates.TryAccept(url, out var normalized, out var reason))
            {
                citations.Add(Cite(url, normalized, context, entry));
                cited = true;
            }
            else
            {
                skipped.Add(UrlCandidates.Skip(url, reason));
            }
        }

        if (cited)
        {
            return;
        }

        var doi = entry.Doi?.Trim();
        if (!string.IsNullOrEmpty(doi))
        {
            if (DoiUrl(doi) is { } address && UrlNormalizer.TryNormalize(address, out var normalized, out _))
            {
                citations.Add(Cite(address, normalized, context, entry));
            }
            else
            {
                skipped.Add(UrlCandidates.Skip(doi, SkipReasons.Malformed));
            }

            return;
        }

        if (urls.Length == 0)
        {
            var label = entry.Title is null ? entry.Key : entry.Key.Length == 0 ? entry.Title : $"{entry.Key}: {entry.Title}";
            skipped.Add(UrlCandidates.Skip(label, SkipReasons.NoUrl));
        }
    }

    private static CitedUrl Cite(string url, NormalizedUrl normalized, string context, ReferenceEntry entry) =>
        new(url, normalized, context, entry.Line) { AccessedAt = entry.AccessedAt };

    /// <summary>
    /// The <c>https://doi.org/</c> address of a DOI, written bare (<c>10.1234/abc</c>), with <c>doi:</c>, or as a
    /// doi.org address; null when it is not a DOI (it must start with <c>10.</c>). The characters that would end the
    /// DOI's path in a URL (<c>#</c>, <c>?</c>, a <c>%</c> that starts no escape, spaces) are percent-encoded.
    /// </summary>
    public static string? DoiUrl(string raw)
    {
        var doi = raw.Trim();
        foreach (var prefix in DoiPrefixes)
        {
            if (doi.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                doi = doi[prefix.Length..].Trim();
                break;
            }
        }

        if (!doi.StartsWith("10.", StringComparison.Ordinal) || doi.IndexOf('/', StringComparison.Ordinal) < 4)
        {
            return null;
        }

        var sb = new StringBuilder(DoiResolver, DoiResolver.Length + doi.Length);
        for (var i = 0; i < doi.Length; i++)
        {
            var c = doi[i];
            var escape = c == '%' && i + 2 < doi.Length && char.IsAsciiHexDigit(doi[i + 1]) && char.IsAsciiHexDigit(doi[i + 2]);
            sb.Append(c switch
            {
                '#' => "%23",
                '?' => "%3F",
                '%' when !escape => "%25",
                _ when char.IsWhiteSpace(c) => "%20",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    /// <summary>
    /// An access date written <c>YYYY-MM-DD</c> (a time after it is ignored), as midnight UTC of that day; null when
    /// the text is not a whole date (a year or a month alone does not say which day's version was cited).
    /// </summary>
    public static DateTimeOffset? ParseDay(string? text)
    {
        var match = text is null ? Match.Empty : IsoDay().Match(text);
        return match.Success
            ? Day(Number(match.Groups["year"].Value), Number(match.Groups["month"].Value), Number(match.Groups["day"].Value))
            : null;

        static int Number(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>Midnight UTC of the given day; null when there is no such day.</summary>
    public static DateTimeOffset? Day(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero)
            : null;

    [GeneratedRegex(@"^\s*(?<year>\d{4})-(?<month>\d{1,2})-(?<day>\d{1,2})(?![\d/])", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDay();
}
