using System.Text.RegularExpressions;

namespace CitationMonitor.Domain.Quotes;

/// <summary>
/// Finds the passage a document quotes next to a URL it cites. A quotation (in “…”, "…" or «…» marks, at least
/// <see cref="MinimumWords"/> words) is next to a URL when it stands in the URL's paragraph, no other URL lies between
/// them, and at most <see cref="MaxGap"/> characters separate the quotation's closing mark from the URL (or the URL from
/// the quotation's opening mark): room for a citation's own words, such as "(IACHR, press release 027/20, …)", and
/// no more. Of several such quotations, the closest one is the URL's passage; a quotation between two URLs is the
/// passage of the closer one, of the one after it when they are as close.
/// </summary>
public static partial class QuotedPassages
{
    /// <summary>Shorter quotations are names or scare quotes, not cited passages.</summary>
    public const int MinimumWords = 4;

    /// <summary>The most characters between a quotation and its URL.</summary>
    public const int MaxGap = 150;

    /// <summary>
    /// The quotation of <paramref name="paragraph"/> next to the URL that stands at <paramref name="urlStart"/>..
    /// <paramref name="urlEnd"/>; null when none is (see <see cref="QuotedPassages"/>).
    /// </summary>
    public static string? Nearest(string paragraph, int urlStart, int urlEnd)
    {
        ArgumentNullException.ThrowIfNull(paragraph);
        return Quotation().Matches(paragraph)
            .Select(match => (Match: match, Text: Whitespace().Replace(match.Groups["q"].Value, " ").Trim(), Gap: Gap(paragraph, match, urlStart, urlEnd)))
            .Where(q => q.Text.Split(' ').Length >= MinimumWords && q.Gap is { } gap && gap.Length <= MaxGap && !OtherUrl().IsMatch(gap)
                && !CloserToAnotherUrl(paragraph, q.Match, urlStart, gap.Length))
            .OrderBy(q => q.Gap!.Length)
            // On a tie the quotation before the URL wins: a citation usually follows what it supports.
            .ThenBy(q => q.Match.Index < urlStart ? 0 : 1)
            .Select(q => q.Text)
            .FirstOrDefault();
    }

    /// <summary>
    /// Whether the URL on the quotation's other side is closer to it than this URL, <paramref name="gap"/> characters
    /// away, or as close and after it: then the quotation is that URL's, not this one's.
    /// </summary>
    private static bool CloserToAnotherUrl(string paragraph, Match quotation, int urlStart, int gap)
    {
        var end = quotation.Index + quotation.Length;
        foreach (Match other in UrlText().Matches(paragraph))
        {
            var otherEnd = other.Index + other.Value.TrimEnd(UrlTrailing).Length;
            if (end <= urlStart && otherEnd <= quotation.Index && quotation.Index - otherEnd < gap)
            {
                return true;
            }

            if (end <= urlStart || other.Index < end)
            {
                continue;
            }

            // The quotation follows this URL: another URL just after it, as close or closer, is the one it supports.
            return other.Index - end <= gap;
        }

        return false;
    }

    private static readonly char[] UrlTrailing = [')', ']', '.', ',', ';', ':', '!', '?', '»', '”', '"', '\''];

    /// <summary>The text between the quotation and the URL; empty when one holds the other, null when they overlap oddly.</summary>
    private static string? Gap(string paragraph, Match quotation, int urlStart, int urlEnd)
    {
        var end = quotation.Index + quotation.Length;
        return end <= urlStart ? paragraph[end..urlStart]
            : quotation.Index >= urlEnd ? paragraph[urlEnd..quotation.Index]
            : "";
    }

    [GeneratedRegex("“(?<q>[^”“]{3,2000})”|«(?<q>[^»«]{3,2000})»|\"(?<q>[^\"]{3,2000})\"", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Quotation();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"https?://|www\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex OtherUrl();

    [GeneratedRegex(@"(?:https?://|www\.)\S+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex UrlText();
}
