using System.Text.RegularExpressions;

namespace CitationMonitor.Domain.Quotes;

/// <summary>Finds the passage a document quotes next to a URL it cites.</summary>
public static partial class QuotedPassages
{
    /// <summary>Shorter quotations are names or scare quotes, not cited passages.</summary>
    private const int MinimumWords = 4;

    /// <summary>
    /// The quotation (in “…”, "…" or «…» marks) of <paramref name="paragraph"/> nearest to the URL that stands at
    /// <paramref name="urlStart"/>..<paramref name="urlEnd"/>; null when the paragraph quotes nothing long enough.
    /// </summary>
    public static string? Nearest(string paragraph, int urlStart, int urlEnd)
    {
        ArgumentNullException.ThrowIfNull(paragraph);
        return Quotation().Matches(paragraph)
            .Select(match => (Match: match, Text: Whitespace().Replace(match.Groups["q"].Value, " ").Trim()))
            .Where(q => q.Text.Split(' ').Length >= MinimumWords)
            .OrderBy(q => Distance(q.Match, urlStart, urlEnd))
            .Select(q => q.Text)
            .FirstOrDefault();
    }

    private static int Distance(Match match, int urlStart, int urlEnd) =>
        match.Index + match.Length <= urlStart ? urlStart - (match.Index + match.Length)
        : match.Index >= urlEnd ? match.Index - urlEnd
        : 0;

    [GeneratedRegex("“(?<q>[^”“]{3,2000})”|«(?<q>[^»«]{3,2000})»|\"(?<q>[^\"]{3,2000})\"", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Quotation();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Whitespace();
}
