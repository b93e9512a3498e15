using System.Text.RegularExpressions;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// Whether a line is only a date or a time ("29.04.2020, 15:59 Uhr", "January 28, 2018", "Donnerstag, 31. Mai 2012",
/// "3:59 PM"): a day with its month, or a time with a colon, optionally after a weekday. Never a bare year, a month with
/// its year ("Mai 2020"), a version number ("3.11.4") or a score ("2.10"), which are facts of the text.
/// </summary>
internal static partial class DateLines
{
    /// <summary>Lines longer than this are never only a date.</summary>
    public const int MaxChars = 48;

    private static readonly HashSet<string> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
        "januar", "jänner", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember",
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre", "octubre",
        "noviembre", "diciembre", "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre", "ene", "dic", "okt", "dez", "abr", "ago",
    };

    public static bool IsDateOnly(string line)
    {
        if (line.Length > MaxChars || DateShape().Match(line) is not { Success: true } match)
        {
            return false;
        }

        // A numeric date needs its year: "12.07.2019", "2019-07-12", not "3.11.4".
        if (match.Groups["numeric"].Success)
        {
            return FullYear().IsMatch(match.Groups["numeric"].Value);
        }

        // A day first, then a word and a year: the word is a month however it is spelt ("7. Okt. 2020", "11 Ene 2019").
        return !match.Groups["month"].Success || Months.Contains(match.Groups["month"].Value)
            || match.Groups["dayfirst"].Success && match.Groups["year"].Success;
    }

    [GeneratedRegex("""
        ^(?:(?:mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunes|martes|miércoles|jueves|viernes|sábado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)[a-z]*\.?,?\s*)?
        (?:(?:(?<numeric>\d{1,4}[./-]\d{1,2}[./-]\d{1,4})
            |(?<dayfirst>\d{1,2})\.?\s*(?:de\s+)?(?<month>[a-zäéû]{3,10})\.?(?:\s*(?:de\s+)?(?<year>(?:19|20)\d{2}|\d{2}))?
            |(?<month>[a-zäéû]{3,10})\.?\s*\d{1,2}(?:st|nd|rd|th)?(?:,?\s*\d{4})?)
           (?:,?\s*(?:um|at|a\s+las|à)?\s*\d{1,2}(?::\d{2}|[.h]\d{2}\s*(?:uhr|h))(?:\s*(?:uhr|am|pm|a\.\s*m\.|p\.\s*m\.|h|hrs))?)?
         |\d{1,2}:\d{2}(?:\s*(?:uhr|am|pm|a\.\s*m\.|p\.\s*m\.|h|hrs))?)$
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DateShape();

    [GeneratedRegex(@"(?:^|\D)(?:19|20)\d{2}(?:\D|$)|^\d{1,2}[./-]\d{1,2}[./-]\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex FullYear();
}
