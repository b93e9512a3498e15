using System.Text.RegularExpressions;
using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// What the chosen main content holds that is not the source's own running text, left out before it is rendered: a
/// block that is only a date or a time ("29.04.2020, 15:59 Uhr", "January 28, 2018", "3:59 PM"). The page's dates are
/// read apart from the text (<see cref="HtmlDates"/>), and such a line changes on every edit or every visit.
/// </summary>
internal static partial class TextFurniture
{
    private const int MaxDateChars = 48;

    // A line of its own: never a table cell or a list item, whose date is a fact of the table or list.
    private static readonly HashSet<string> DateLineTags = new(StringComparer.Ordinal)
    {
        "p", "div", "h2", "h3", "h4", "h5", "h6", "header", "section", "address",
    };

    /// <summary>The skip set for rendering <paramref name="root"/>: <paramref name="skipped"/> and the furniture found.</summary>
    public static HashSet<HtmlNode> Trim(HtmlNode root, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        var trimmed = TrimDates(root, skipped, texts);
        trimmed = TrimLinkLines(root, trimmed, texts);
        trimmed = TrimArticleHeaders(root, trimmed, texts);
        return TrimCallsToAction(root, trimmed, texts);
    }

    private const int CallToActionMaxChars = 300;

    // A short paragraph that asks the reader to subscribe, follow, download, donate or respect the publisher's rights:
    // the publisher speaking about itself, set into the text.
    [GeneratedRegex("""
        \b(?:subscri(?:be|ption|bers?)|newsletter|follow\s+(?:us|the\s+\w+)\s+on|download\s+(?:our|the)\s+\w*\s*apps?
          |copyright(?:ed)?|all\s+rights\s+reserved|written\s+permission|support\s+(?:us|our)\s+(?:work|journalism)
          |suscr[ií]b|suscripci[oó]n|s[ií]guenos\s+en|hazte\s+(?:miembro|socio)|derechos\s+reservados|apóyanos
          |abonnier|abonnement|folgen\s+sie\s+uns|alle\s+rechte\s+vorbehalten
          |abonnez|suivez-nous|tous\s+droits\s+réservés|subskryp|prenumerat)
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CallToAction();

    private static HashSet<HtmlNode> TrimCallsToAction(HtmlNode root, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        HashSet<HtmlNode>? trimmed = null;
        foreach (var paragraph in HtmlTree.FindAll(root, "p"))
        {
            if (HtmlTree.IsInside(paragraph, trimmed ?? skipped))
            {
                continue;
            }

            var (text, _) = HtmlTree.TextStats(paragraph, skipped, texts);
            if (text is > 0 and <= CallToActionMaxChars && CallToAction().IsMatch(DecodedTexts.Decode(paragraph.InnerText)))
            {
                (trimmed ??= [.. skipped]).Add(paragraph);
            }
        }

        return trimmed ?? skipped;
    }

    private const int HeaderLineMaxChars = 40;

    // An article's own header holds its headline and may hold its lead; its short lines besides those are the kicker,
    // the byline, the category and the reading time.
    private static HashSet<HtmlNode> TrimArticleHeaders(HtmlNode root, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        HashSet<HtmlNode>? trimmed = null;
        foreach (var header in HtmlTree.FindAll(root, "header"))
        {
            if (HtmlTree.IsInside(header, skipped))
            {
                continue;
            }

            foreach (var node in HtmlTree.Descendants(header, trimmed ?? skipped).ToList())
            {
                if (node.NodeType != HtmlNodeType.Text || HtmlTree.OwningBlock(node) is not { } block || !HtmlTree.IsAncestorOrSelf(header, block)
                    || block.Name is "h1" or "h2" or "h3" || HtmlTree.Ancestor(node, "h1") is not null || HtmlTree.Ancestor(node, "h2") is not null
                    || (trimmed ?? skipped).Contains(block))
                {
                    continue;
                }

                var (text, _) = HtmlTree.TextStats(block, trimmed ?? skipped, texts);
                if (text > 0 && text < HeaderLineMaxChars && block != header)
                {
                    (trimmed ??= [.. skipped]).Add(block);
                }
            }
        }

        return trimmed ?? skipped;
    }

    private const int LinkLineMaxChars = 160;

    // What may stand before or after the link on its line: "Lea también:", "Read more »".
    private const int LinkLabelMaxChars = 30;

    private static readonly System.Buffers.SearchValues<char> LabelMarks = System.Buffers.SearchValues.Create(":»›|→>");

    private static readonly HashSet<string> LinkLineTags = new(StringComparer.Ordinal)
    {
        "p", "div", "h2", "h3", "h4", "h5", "h6", "section", "span", "small",
    };

    private static HashSet<HtmlNode> TrimLinkLines(HtmlNode root, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        var blocks = new Dictionary<HtmlNode, (int Text, int Links, bool Marked)>();
        var order = new List<HtmlNode>();
        foreach (var node in HtmlTree.Descendants(root, skipped))
        {
            if (node.NodeType != HtmlNodeType.Text || HtmlTree.OwningBlock(node) is not { } block || block == root)
            {
                continue;
            }

            var length = TextNormalizer.CollapsedLength(texts.Of(node));
            if (length == 0)
            {
                continue;
            }

            if (!blocks.TryGetValue(block, out var counts))
            {
                order.Add(block);
            }

            var inLink = HtmlTree.Ancestor(node, "a") is { } link && HtmlTree.IsAncestorOrSelf(block, link);
            var marked = !inLink && texts.Of(node).AsSpan().IndexOfAny(LabelMarks) >= 0;
            blocks[block] = (counts.Text + length, counts.Links + (inLink ? length : 0), counts.Marked || marked);
        }

        HashSet<HtmlNode>? trimmed = null;
        foreach (var block in order)
        {
            var (text, links, marked) = blocks[block];
            // A line of its own that is a link, alone or after a label ("Lea también:"), not a sentence with a link in
            // it ("Véase el informe."); and not a block whose own words only introduce the paragraphs inside it.
            if (LinkLineTags.Contains(block.Name) && text <= LinkLineMaxChars
                && (links * 10 >= text * 9 || marked && text - links <= LinkLabelMaxChars && links * 5 >= text * 3)
                && HtmlTree.TextStats(block, skipped, texts).Text == text)
            {
                (trimmed ??= [.. skipped]).Add(block);
            }
        }

        return trimmed ?? skipped;
    }

    private static HashSet<HtmlNode> TrimDates(HtmlNode root, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        HashSet<HtmlNode>? trimmed = null;
        HashSet<HtmlNode>? seen = null;
        foreach (var node in HtmlTree.Descendants(root, skipped))
        {
            if (node.NodeType != HtmlNodeType.Text || !MayBeDate(texts.Of(node)) || HtmlTree.OwningBlock(node) is not { } block
                || block == root || !DateLineTags.Contains(block.Name) || !(seen ??= []).Add(block))
            {
                continue;
            }

            var line = TextNormalizer.CollapseWhitespace(DecodedTexts.Decode(block.InnerText)).Trim();
            if (line.Length <= MaxDateChars && IsDateOnly(line))
            {
                (trimmed ??= [.. skipped]).Add(block);
            }
        }

        return trimmed ?? skipped;
    }

    // Most text nodes are longer than a date or hold no digit: they stop here.
    private static bool MayBeDate(string text) => text.Length <= 4 * MaxDateChars && text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;

    // A day (with its month) or a time, optionally with a weekday before: never a bare year or "Mai 2020", which head
    // the parts of an archive or a programme.
    [GeneratedRegex("""
        ^(?:(?:mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunes|martes|miércoles|jueves|viernes|sábado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)[a-z]*\.?,?\s*)?
        (?:(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}
            |\d{1,2}\.?\s*(?:de\s+)?(?<month>[a-zäéû]{3,10})\.?(?:\s*(?:de\s+)?\d{2,4})?
            |(?<month>[a-zäéû]{3,10})\.?\s*\d{1,2}(?:st|nd|rd|th)?(?:,?\s*\d{4})?)
           (?:,?\s*(?:um|at|a\s+las|à)?\s*\d{1,2}[:.h]\d{2}(?:\s*(?:uhr|am|pm|a\.\s*m\.|p\.\s*m\.|h|hrs))?)?
         |\d{1,2}[:.h]\d{2}(?:\s*(?:uhr|am|pm|a\.\s*m\.|p\.\s*m\.|h|hrs))?)$
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DateShape();

    private static readonly HashSet<string> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
        "januar", "jänner", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember",
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "setiembre", "octubre",
        "noviembre", "diciembre", "janvier", "février", "mars", "avril", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre", "ene", "dic", "okt", "dez", "abr", "ago",
    };

    private static bool IsDateOnly(string line) =>
        DateShape().Match(line) is { Success: true } match
        && line.AsSpan().IndexOfAnyInRange('0', '9') >= 0
        && (!match.Groups["month"].Success || Months.Contains(match.Groups["month"].Value) || HasYear(line));

    // With a day and a year around it, the word between is a month, however it is spelt ("7. Okt. 2020", "11 Ene 2019").
    private static bool HasYear(string line) => YearPattern().IsMatch(line);

    [GeneratedRegex(@"\b(?:19|20)\d{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex YearPattern();
}
