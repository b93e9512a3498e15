using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// Finds the block that holds a page's main text when the page does not mark it, readability-style: every paragraph
/// (a block with at least <see cref="MinParagraphChars"/> characters of its own, mostly not links) scores
/// 1 + its commas + one point per 100 characters (at most 3); the score goes to the paragraph itself when it is a
/// container such as a layout <c>td</c>, to its parent in full, to its grandparent by half and its great-grandparent
/// by a sixth. A candidate's score gains or loses 25 for content-like or chrome-like class names and is scaled by
/// 1 − its link density. The winner must score <see cref="MinScore"/> and hold <see cref="MinBlockChars"/>
/// characters; a rival block scoring at least half as much widens the choice to both, and a headline just before the
/// winner is taken in, with a lead paragraph named as such (inside a marked main region, any lead paragraph); what then
/// follows the winner inside the wider block and holds little prose (tags, author box, related links) is its tail, and
/// skipped. Chrome already removed by the caller never counts; boxes inside the winner that are mostly links are added
/// to the caller's skip set, as the tail is, and only when a block is returned.
/// </summary>
internal static class MainBlockFinder
{
    private const int MinParagraphChars = 25;
    private const double MinScore = 10;
    private const int MinBlockChars = 140;
    private const double RivalShare = 0.5;
    private const double ClassWeight = 25;
    private const int HeadlineLevels = 5;
    private const int HeadlineMaxExtraChars = 600;
    private const int LeadMinChars = 40;
    private const double RegionShare = 0.7;
    private const int TailProseChars = 200;

    private static readonly HashSet<string> ParagraphTags = new(StringComparer.Ordinal)
    {
        "p", "pre", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd", "dt", "caption",
        "address", "summary", "legend",
    };

    private static readonly HashSet<string> LinkBoxTags = new(StringComparer.Ordinal)
    {
        "table", "tbody", "tr", "td", "ul", "ol", "div", "section",
    };

    private static readonly string[] ContentWords =
    [
        "content", "contenido", "article", "articulo", "artículo", "body", "cuerpo", "text", "texto", "nota",
        "noticia", "entry", "post", "story", "comunicado", "boletin", "boletín",
    ];

    // "teaser" is left out: it names a lead as often as a box of other stories.
    private static readonly string[] NegativeWords = ["comment", "widget", "promo", "sponsor"];

    // Names of a lead paragraph (a standfirst): "intro", "chapo", "article-lead", "teaser-text", "field--summary".
    private static readonly string[] LeadWords =
    [
        "lead", "intro", "chapo", "chapeau", "teaser", "summary", "abstract", "subtitle", "standfirst", "excerpt",
        "entradilla", "bajada", "sumario",
    ];

    private static readonly string[] HeadlineWords = ["titulo", "título", "titular", "title", "headline"];

    private sealed class Stats
    {
        public int Text;
        public int Links;
        public int OwnText;
        public int OwnLinks;
        public int Commas;
        public int ParagraphText;
        public double Score;
        public int Order;
    }

    /// <summary>The main block under <paramref name="body"/>, or <see langword="null"/> when none wins clearly.</summary>
    public static HtmlNode? Find(HtmlNode body, HashSet<HtmlNode> skipped, DecodedTexts texts) => Find(body, skipped, texts, false);

    /// <summary>
    /// The main block inside the page's marked main region (<paramref name="region"/>), when one holds most of the
    /// region's paragraph text (<see cref="RegionShare"/>): the rest of the region is then its own furniture (related
    /// stories, comments, an author box). A lead paragraph before the block is taken in with it. <see langword="null"/>
    /// when no block wins clearly or the winner holds less.
    /// </summary>
    public static HtmlNode? FindWithin(HtmlNode region, HashSet<HtmlNode> skipped, DecodedTexts texts) => Find(region, skipped, texts, true);

    private static HtmlNode? Find(HtmlNode body, HashSet<HtmlNode> skipped, DecodedTexts texts, bool withinRegion)
    {
        var stats = Measure(body, skipped, texts);
        ScoreParagraphs(body, stats);

        HtmlNode? top = null;
        var topScore = 0.0;
        var finals = new Dictionary<HtmlNode, double>();
        foreach (var (node, s) in stats.OrderBy(p => p.Value.Order))
        {
            if (s.Score <= 0 || node == body)
            {
                continue;
            }

            var final = (s.Score + Weight(node)) * (1 - LinkDensity(s));
            finals[node] = final;
            if (final > topScore)
            {
                (top, topScore) = (node, final);
            }
        }

        if (top is null || topScore < MinScore || stats[top].Text - stats[top].Links < MinBlockChars)
        {
            return null;
        }

        // Two strong blocks side by side (an article split over two columns): keep both rather than lose one.
        foreach (var (node, final) in finals)
        {
            if (final >= topScore * RivalShare && !HtmlTree.IsAncestorOrSelf(top, node) && !HtmlTree.IsAncestorOrSelf(node, top))
            {
                top = HtmlTree.CommonAncestor(top, node);
            }
        }

        if (top == body || HtmlTree.IsAncestorOrSelf(top, body))
        {
            return null;
        }

        var tail = new HashSet<HtmlNode>();
        var block = WithHeadline(top, body, stats, tail, withinRegion);
        if (withinRegion && stats.TryGetValue(body, out var whole) && stats[block].ParagraphText < RegionShare * whole.ParagraphText)
        {
            return null;
        }

        skipped.UnionWith(tail);
        SkipLinkBoxes(block, skipped, stats);
        return block;
    }

    /// <summary>Share of a page's text that must remain for its mostly-links boxes to be dropped as menus.</summary>
    private const double MinKeptShare = 0.4;

    /// <summary>
    /// When no block wins (a layout without any telling names), the body is read whole, but without its boxes that
    /// are mostly links: menus and link lists. Unless those boxes are most of the page, as on a list of documents,
    /// where the links are the content: then nothing more is skipped.
    /// </summary>
    public static HashSet<HtmlNode> BodyWithoutLinkBoxes(HtmlNode body, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        var stats = Measure(body, skipped, texts);
        if (!stats.TryGetValue(body, out var whole) || whole.Text == 0)
        {
            return skipped;
        }

        var trimmed = new HashSet<HtmlNode>(skipped);
        SkipLinkBoxes(body, trimmed, stats);
        var dropped = trimmed.Where(node => !skipped.Contains(node) && stats.ContainsKey(node)).Sum(node => stats[node].Text);
        return whole.Text - dropped >= whole.Text * MinKeptShare ? trimmed : skipped;
    }

    /// <summary>
    /// Inside the chosen block, boxes that are mostly links (an unnamed related-news table, a list of other items)
    /// are navigation, not text: they are added to <paramref name="skipped"/>, as readability's conditional cleaning does.
    /// </summary>
    private static void SkipLinkBoxes(HtmlNode block, HashSet<HtmlNode> skipped, Dictionary<HtmlNode, Stats> stats)
    {
        foreach (var node in HtmlTree.Descendants(block, skipped).ToList())
        {
            if (node != block && LinkBoxTags.Contains(node.Name) && stats.TryGetValue(node, out var s)
                && s.Text > 0 && s.Links * 2 > s.Text && !(node.ParentNode is { } parent && HtmlTree.IsInside(parent, skipped)))
            {
                skipped.Add(node);
            }
        }
    }

    private static Dictionary<HtmlNode, Stats> Measure(HtmlNode body, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        var stats = new Dictionary<HtmlNode, Stats>();
        Stats Of(HtmlNode node)
        {
            if (!stats.TryGetValue(node, out var s))
            {
                s = new Stats { Order = stats.Count };
                stats[node] = s;
            }

            return s;
        }

        foreach (var node in HtmlTree.Descendants(body, skipped))
        {
            if (skipped.Contains(node))
            {
                continue;
            }

            if (node.NodeType == HtmlNodeType.Element)
            {
                Of(node);
                continue;
            }

            if (node.NodeType != HtmlNodeType.Text)
            {
                continue;
            }

            // Collapsing whitespace keeps every comma, so both counts come from the decoded text without collapsing it.
            var decoded = texts.Of(node);
            var length = TextNormalizer.CollapsedLength(decoded);
            if (length == 0)
            {
                continue;
            }

            var inLink = HtmlTree.Ancestor(node, "a") is not null;
            var owner = HtmlTree.OwningBlock(node);
            if (owner is not null && stats.TryGetValue(owner, out var own))
            {
                own.OwnText += length;
                own.OwnLinks += inLink ? length : 0;
                own.Commas += decoded.Count(c => c is ',' or '،' or '，' or ';');
            }

            for (var parent = node.ParentNode; parent is not null; parent = parent.ParentNode)
            {
                if (stats.TryGetValue(parent, out var s))
                {
                    s.Text += length;
                    s.Links += inLink ? length : 0;
                }

                if (parent == body)
                {
                    break;
                }
            }
        }

        return stats;
    }

    private static void ScoreParagraphs(HtmlNode body, Dictionary<HtmlNode, Stats> stats)
    {
        foreach (var (node, s) in stats.ToList())
        {
            if (s.OwnText < MinParagraphChars || s.OwnLinks * 2 > s.OwnText)
            {
                continue;
            }

            for (var holder = node; holder is not null; holder = holder == body ? null : holder.ParentNode)
            {
                if (stats.TryGetValue(holder, out var h))
                {
                    h.ParagraphText += s.OwnText - s.OwnLinks;
                }
            }

            var score = 1.0 + s.Commas + Math.Min(s.OwnText / 100, 3);
            if (!ParagraphTags.Contains(node.Name) && node != body)
            {
                s.Score += score;
            }

            var divisors = new[] { 1.0, 2.0, 6.0 };
            var ancestor = node.ParentNode;
            foreach (var divisor in divisors)
            {
                if (ancestor is null || ancestor == body || !stats.TryGetValue(ancestor, out var target))
                {
                    break;
                }

                target.Score += score / divisor;
                ancestor = ancestor.ParentNode;
            }
        }
    }

    private static double LinkDensity(Stats s) => s.Text == 0 ? 0 : (double)s.Links / s.Text;

    private static double Weight(HtmlNode node)
    {
        var tokens = ClassNames.ClassTokens(node).ToList();
        if (tokens.Count == 0)
        {
            return 0;
        }

        var weight = 0.0;
        if (tokens.Any(ClassNames.IsChromeToken) || tokens.Any(t => NegativeWords.Any(w => t.Contains(w, StringComparison.Ordinal))))
        {
            weight -= ClassWeight;
        }

        if (tokens.Any(t => ContentWords.Any(w => t.Contains(w, StringComparison.Ordinal))))
        {
            weight += ClassWeight;
        }

        return weight;
    }

    /// <summary>
    /// Takes in the headline when it sits just outside the winning block (a title row above the text cell, an
    /// <c>h1</c> above the body div), as long as that adds little else.
    /// </summary>
    private static HtmlNode WithHeadline(
        HtmlNode top, HtmlNode body, Dictionary<HtmlNode, Stats> stats, HashSet<HtmlNode> tail, bool withinRegion)
    {
        var chosen = top;
        var topOrder = stats[top].Order;
        var ancestor = top.ParentNode;
        for (var level = 0; level < HeadlineLevels && ancestor is not null && ancestor != body; level++, ancestor = ancestor.ParentNode)
        {
            if (!stats.TryGetValue(ancestor, out var s) || s.Text - stats[top].Text > HeadlineMaxExtraChars)
            {
                break;
            }

            // The headline opens the text: nothing above it belongs to it. A lead paragraph may sit below the headline.
            var before = HtmlTree.Descendants(ancestor, [])
                .Where(n => stats.TryGetValue(n, out var h) && h.Order < topOrder && h.Text > 0).ToList();
            if (before.Any(IsHeadline))
            {
                chosen = ancestor;
                break;
            }

            if (before.Any(n => IsLead(stats[n]) && (withinRegion || IsNamedLead(n, ancestor))))
            {
                chosen = ancestor;
            }
        }

        // What follows the text inside the wider block is its tail (tags, author box, related links), not the text:
        // the boxes after it that hold little prose or are mostly links. A concluding paragraph or a list of sources
        // stays.
        for (var node = top; node != chosen && node is not null; node = node.ParentNode)
        {
            for (var next = node.NextSibling; next is not null; next = next.NextSibling)
            {
                if (stats.TryGetValue(next, out var s) && s.Text > 0 && (s.ParagraphText < TailProseChars || LinkDensity(s) > 0.5))
                {
                    tail.Add(next);
                }
            }
        }

        return chosen;
    }

    // A paragraph named as a lead, or inside a box so named (below the wider block).
    private static bool IsNamedLead(HtmlNode node, HtmlNode within)
    {
        for (var current = node; current is not null && current != within; current = current.ParentNode)
        {
            if (ClassNames.ClassTokens(current).Any(t => LeadWords.Any(w => t.Contains(w, StringComparison.Ordinal))))
            {
                return true;
            }
        }

        return false;
    }

    // A lead paragraph (a standfirst) before the body of the text: a paragraph of its own, hardly any link in it.
    private static bool IsLead(Stats s) => s.OwnText >= LeadMinChars && s.OwnLinks * 4 < s.OwnText;

    private static bool IsHeadline(HtmlNode node) =>
        node.Name is "h1" or "h2"
        || ClassNames.ClassTokens(node).Any(t => HeadlineWords.Any(w => t.Contains(w, StringComparison.Ordinal)));
}
