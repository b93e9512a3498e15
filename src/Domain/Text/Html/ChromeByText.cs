using System.Text.RegularExpressions;
using HtmlAgilityPack;
using static CitationMonitor.Domain.Text.Html.ChromeVocabulary;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// Chrome that only its words give away: the box a heading such as "Noticias relacionadas" opens, visitor counters
/// ("Visitas: 48213"), skip links.
/// </summary>
internal static partial class ChromeByText
{
    // Mostly-link boxes below this much other text are chrome; above it they hold content worth keeping.
    private const int ChromeBoxMaxOwnChars = 200;

    // Visitor counters: "Visitas: 48213", "Usted es el visitante número 48,213", "Visitors: 1234".
    private const int CounterMaxChars = 80;

    /// <summary>Chrome that only its words give away: related-news boxes, visitor counters, skip links.</summary>
    internal static void Skip(List<HtmlNode> textNodes, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        // The traversal entered no skipped node, so a text node can only be inside one added by this loop.
        var skippedBefore = skipped.Count;
        foreach (var textNode in textNodes)
        {
            if (skipped.Count != skippedBefore && HtmlTree.IsInside(textNode, skipped))
            {
                continue;
            }

            var decoded = texts.Of(textNode);
            if (IsLongerPhraseThan(decoded, CounterMaxChars))
            {
                continue;
            }

            var phrase = TextNormalizer.CollapseWhitespace(decoded).TrimEnd(PhraseTrailers).Trim();
            if (phrase.Length == 0 || phrase.Length > CounterMaxChars || !MayBeListed(phrase) && !MayBeLongHeading(phrase))
            {
                continue;
            }

            var lower = phrase.ToLowerInvariant();
            if (ChromeHeadings.Contains(lower))
            {
                // One word ("Tags", "Teilen") names a box of links; a heading of several words names its list too.
                SkipChromeBox(textNode, skipped, texts, exact: lower.Contains(' '));
            }
            else if (IsReworded(lower) && StandsAlone(textNode, skipped, texts))
            {
                // A heading with one word reworded ("Mehr zu Thema", "Lesen Sie außerdem") on a line of its own ("Lesen
                // Sie hier den Bericht" is a sentence) still opens its box; only boxes of links go with it.
                SkipChromeBox(textNode, skipped, texts, exact: false);
            }
            else if (CounterStarts.Any(start => lower.StartsWith(start, StringComparison.Ordinal)) && CounterPattern().IsMatch(lower) && HtmlTree.OwningBlock(textNode) is { } counter
                && TextNormalizer.CollapsedLength(HtmlEntity.DeEntitize(counter.InnerText)) <= CounterMaxChars)
            {
                skipped.Add(counter);
            }
            else if (SkipLinkTexts.Contains(lower) && HtmlTree.Ancestor(textNode, "a") is { } link
                && link.GetAttributeValue("href", "").StartsWith('#'))
            {
                skipped.Add(link);
            }
        }
    }

    private static readonly char[] PhraseTrailers = [':', '.', '?', '!', '»', '›'];

    /// <summary>
    /// True when the entity-decoded <paramref name="text"/> certainly yields a phrase longer than
    /// <paramref name="limit"/>: every visible character other than the trimmed trailers survives collapsing and trimming.
    /// </summary>
    private static bool IsLongerPhraseThan(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return false;
        }

        var kept = 0;
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && !TextNormalizer.IsInvisible(c) && Array.IndexOf(PhraseTrailers, c) < 0 && ++kept > limit)
            {
                return true;
            }
        }

        return false;
    }

    // Lower-casing keeps the length and maps each character on its own, so a phrase can only be a listed heading or
    // skip-link text if its length and lower-cased first character are those of one, and only a counter if it starts
    // with one of CounterPattern's words. Most short inline fragments stop here, before the costly lower-casing.
    private static readonly HashSet<(int Length, char First)> ListedShapes =
        [.. ChromeHeadings.Concat(SkipLinkTexts).Select(p => (p.Length, p[0]))];

    // CounterPattern is anchored: every one of its alternatives starts with one of these.
    private static readonly string[] CounterStarts = ["visit", "usted es el visitante", "eres el visitante", "hits", "contador de visitas"];

    // Headings of two words or more: one of their words may be reworded and the heading still opens the same box, so a
    // site that rewords it does not bring the box into the text.
    private static readonly string[][] RewordableHeadings =
        [.. ChromeHeadings.Select(heading => heading.Split(' ')).Where(words => words.Length >= 2)];

    private static readonly int LongestHeading = ChromeHeadings.Max(heading => heading.Length) + 8;

    private static bool MayBeLongHeading(string phrase) =>
        phrase.Length <= LongestHeading && phrase.AsSpan().Contains(' ');

    private static bool IsReworded(string lower)
    {
        if (!MayBeLongHeading(lower))
        {
            return false;
        }

        var words = lower.Split(' ');
        foreach (var heading in RewordableHeadings)
        {
            if (heading.Length == words.Length && heading.Where((word, i) => word != words[i]).Take(2).Count() <= 1)
            {
                return true;
            }
        }

        return false;
    }

    private static bool MayBeListed(string phrase) =>
        ListedShapes.Contains((phrase.Length, char.ToLowerInvariant(phrase[0])))
        || CounterStarts.Any(start => StartsWithLowered(phrase, start));

    private static bool StartsWithLowered(string phrase, string lowerStart)
    {
        if (phrase.Length < lowerStart.Length)
        {
            return false;
        }

        for (var i = 0; i < lowerStart.Length; i++)
        {
            if (char.ToLowerInvariant(phrase[i]) != lowerStart[i])
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"^(visitas|visitantes|visitante|usted es el visitante|eres el visitante|visitors|visitor|hits|contador de visitas)\b\D{0,20}[\d.,\s]+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CounterPattern();

    // What may stand beside a heading in its own block: a count, an arrow, a colon; beside a reworded one, a colon.
    private const int AloneSlackChars = 8;
    private const int RewordedSlackChars = 2;

    /// <summary>
    /// Drops the box a chrome heading opens: the largest ancestor that starts with the heading and is mostly links.
    /// When the heading stands alone before its list, the heading and the lists (or link boxes) right after it go; a
    /// heading of one word or known only up to a reworded word (<paramref name="exact"/> false) takes only boxes of links.
    /// </summary>
    private static void SkipChromeBox(HtmlNode heading, HashSet<HtmlNode> skipped, DecodedTexts texts, bool exact)
    {
        HtmlNode? box = null;
        var headingChars = TextNormalizer.CollapsedLength(texts.Of(heading));
        for (var node = heading.ParentNode; node is not null && node.Name is not ("body" or "html" or "#document"); node = node.ParentNode)
        {
            if (FirstText(node, skipped, texts) != heading)
            {
                break;
            }

            var (text, links) = HtmlTree.TextStats(node, skipped, texts);
            if (links > 0 && text - links - headingChars <= ChromeBoxMaxOwnChars && links * 2 >= text - headingChars)
            {
                box = node;
            }
        }

        if (box is not null)
        {
            skipped.Add(box);
            return;
        }

        // The heading must stand alone in its block: a block that holds more than the heading is not the box's title.
        var block = HtmlTree.OwningBlock(heading) ?? heading.ParentNode;
        if (block is null || block.Name is "body" or "html" || HtmlTree.TextStats(block, skipped, texts).Text > headingChars + AloneSlackChars)
        {
            return;
        }

        var followers = new List<HtmlNode>();
        for (var next = block.NextSibling; next is not null; next = next.NextSibling)
        {
            if (next.NodeType == HtmlNodeType.Text && string.IsNullOrWhiteSpace(next.InnerText) || next.NodeType == HtmlNodeType.Comment)
            {
                continue;
            }

            // A box already left out (a list of links named as such) is the one the heading opens: it goes with it.
            if (skipped.Contains(next))
            {
                followers.Add(next);
                continue;
            }

            // The heading names what follows: a list right after it is that box even when its items are not links.
            var (text, links) = HtmlTree.TextStats(next, skipped, texts);
            if (next.NodeType != HtmlNodeType.Element || text == 0 || (links * 2 < text && (!exact || next.Name is not ("ul" or "ol"))))
            {
                break;
            }

            followers.Add(next);
        }

        // A heading after which nothing is left to read heads a box already left out.
        if (exact || followers.Count > 0 || !HasVisibleTextAfter(block, skipped, texts))
        {
            skipped.Add(block);
            skipped.UnionWith(followers);
        }
    }

    private static bool HasVisibleTextAfter(HtmlNode block, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        for (var next = block.NextSibling; next is not null; next = next.NextSibling)
        {
            if (!skipped.Contains(next) && HtmlTree.TextStats(next, skipped, texts).Text > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool StandsAlone(HtmlNode textNode, HashSet<HtmlNode> skipped, DecodedTexts texts) =>
        HtmlTree.OwningBlock(textNode) is { } block && block.Name is not ("body" or "html")
        && HtmlTree.TextStats(block, skipped, texts).Text <= TextNormalizer.CollapsedLength(texts.Of(textNode)) + RewordedSlackChars;

    private static HtmlNode? FirstText(HtmlNode root, HashSet<HtmlNode> skipped, DecodedTexts texts) =>
        HtmlTree.Descendants(root, skipped).FirstOrDefault(n => n.NodeType == HtmlNodeType.Text && !skipped.Contains(n) && !string.IsNullOrWhiteSpace(texts.Of(n)));
}
