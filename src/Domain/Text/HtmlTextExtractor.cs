using System.Text;
using System.Text.RegularExpressions;
using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text;

/// <summary>
/// Visible main text of an HTML page: no scripts, hidden elements or page chrome (navigation, banners, footers,
/// cookie notices, share bars, related-news boxes, visitor counters), whether the page marks it with semantic tags,
/// with roles, with ids and classes (compound or camelCase: "menu-izq", "cookieConsent"), or only with a box heading
/// such as "Noticias relacionadas". Of what is left, the <c>main</c>/<c>article</c> region when the page marks one,
/// else the block that <see cref="MainBlockFinder"/> scores highest, else the whole body.
/// Block elements start new lines. Table cells of one data row share a line, separated by <c>" | "</c>; a cell that
/// holds block content (a layout cell of a table-based page) is a block of its own instead.
/// Every traversal is iterative, so absurdly deep markup cannot overflow the stack.
/// </summary>
internal static partial class HtmlTextExtractor
{
    // HtmlAgilityPack parses in time quadratic in nesting depth; real pages stay far below this.
    internal const int MaxNestingDepth = 1000;

    // A main region shorter than this (and than a quarter of the page) is probably a stub, not the content.
    private const int SubstantialMainChars = 140;

    private static readonly HashSet<string> InvisibleTags = new(StringComparer.Ordinal)
    {
        "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
        "video", "audio", "map", "select", "button", "textarea", "dialog",
    };

    private static readonly HashSet<string> ChromeTags = new(StringComparer.Ordinal)
    {
        "header", "nav", "footer", "aside",
    };

    // A form this short is a search box or a newsletter sign-up; a longer one is an ASP.NET page wrapping everything.
    private const int ChromeFormMaxChars = 500;

    private static readonly HashSet<string> ChromeRoles = new(StringComparer.Ordinal)
    {
        "navigation", "banner", "contentinfo", "search", "menu", "menubar", "dialog", "alertdialog",
    };

    // The role of an aside; like a chrome class name, only a hint when the element wraps the main region or headline.
    private const string ComplementaryRole = "complementary";

    // Matched against whole class/id tokens, against their parts (see ClassTokens and TokenParts), and against runs of
    // parts that spell one word ("side-bar", "breadCrumbs", "pieDePagina"). A part that starts with "cookie" counts too
    // (CookieBot, cookielaw, cookiebar). Spanish CMS names included: government sites of the region are the monitor's
    // bread and butter.
    private static readonly HashSet<string> ChromeWords = new(StringComparer.Ordinal)
    {
        "menu", "menus", "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs", "sidebar", "footer",
        "cookie", "cookies", "consent", "gdpr", "share", "sharing", "social", "skip", "skiplink", "skiplinks",
        "banner", "related", "relacionadas", "relacionados", "counter", "contador", "visitas", "visitors",
        "submenu", "topmenu", "mainmenu", "leftmenu", "rightmenu", "sidemenu", "menuizq", "menuder", "menuprincipal",
        "menusuperior", "menulateral", "miga", "migas", "migapan", "redes", "compartir", "piepagina", "piedepagina",
        "newsletter", "publicidad", "advertisement",
    };

    private const string CookiePrefix = "cookie";

    // Page-level headers: chrome only outside an article or main region, where they may hold the headline instead
    // ("pie" is also a photo caption there: "pie de foto").
    private static readonly HashSet<string> HeaderWords = new(StringComparer.Ordinal)
    {
        "header", "masthead", "cabecera", "encabezado", "pie",
    };

    // Parts that may stand next to a header word without changing what it names: "site-header", "headerWrap",
    // "header-top", "pie-de-pagina", ASP.NET's "ctl00_Header". Any other part makes it something else: an article's
    // "entry-header", a "headerTitle", a "pieChart" or "pie-de-foto".
    private static readonly HashSet<string> HeaderCompanions = new(StringComparer.Ordinal)
    {
        "site", "page", "pagina", "página", "top", "main", "global", "de", "del", "wrap", "wrapper", "container",
        "inner", "outer", "bar", "area", "ctl",
    };

    // Box headings of chrome that carries no telling class: the box they open is dropped when it is mostly links.
    private static readonly HashSet<string> ChromeHeadings = new(StringComparer.Ordinal)
    {
        "noticias relacionadas", "notas relacionadas", "artículos relacionados", "contenido relacionado",
        "enlaces relacionados", "más noticias", "mas noticias", "otras noticias", "últimas noticias", "ultimas noticias",
        "te puede interesar", "también te puede interesar", "lea también", "lee también", "ver también",
        "enlaces de interés", "comparte", "compartir", "compartir en redes", "síguenos", "siguenos",
        "related news", "related articles", "related content", "more news", "latest news", "you may also like",
        "share", "share this", "follow us",
    };

    private static readonly HashSet<string> SkipLinkTexts = new(StringComparer.Ordinal)
    {
        "skip to content", "skip to main content", "saltar al contenido", "saltar al contenido principal",
        "ir al contenido", "ir al contenido principal", "pasar al contenido principal",
    };

    // Mostly-link boxes below this much other text are chrome; above it they hold content worth keeping.
    private const int ChromeBoxMaxOwnChars = 200;

    // Visitor counters: "Visitas: 48213", "Usted es el visitante número 48,213", "Visitors: 1234".
    private const int CounterMaxChars = 80;

    // Only as whole tokens: these hide text from sighted readers.
    private static readonly HashSet<string> HiddenTokens = new(StringComparer.Ordinal)
    {
        "hidden", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "skip-link", "skiplink",
    };

    // "has-sidebar", "no-menu", "contentWithSidebar" describe the layout of a wrapper, not chrome itself; "menuDelDia"
    // is a restaurant's set meal, not a navigation menu.
    private static readonly HashSet<string> NotChromeParts = new(StringComparer.Ordinal)
    {
        "has", "no", "with", "without", "dia", "día",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ChromeWordSpans =
        ChromeWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // What SpellsChromeWord may join: every chrome word's beginnings, and its length.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ChromeWordPrefixSpans =
        ChromeWords.SelectMany(word => Enumerable.Range(1, word.Length - 1).Select(length => word[..length]))
            .ToHashSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly int LongestChromeWord = ChromeWords.Max(word => word.Length);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> HeaderWordSpans =
        HeaderWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> HeaderCompanionSpans =
        HeaderCompanions.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotChromePartSpans =
        NotChromeParts.GetAlternateLookup<ReadOnlySpan<char>>();

    // Parts of a token looked at; a longer token's further parts are ignored.
    private const int MaxTokenParts = 16;

    // Tokens up to half this long are rewritten on the stack.
    private const int StackTokenChars = 256;

    internal static readonly HashSet<string> BlockTags = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dir", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
        "table", "tbody", "tfoot", "thead", "tr", "td", "th", "ul",
    };

    private static readonly HashSet<string> ProtectedTags = new(StringComparer.Ordinal)
    {
        "html", "body", "main", "article",
    };

    public static ExtractedContent Extract(string html, int maxChars, IReadOnlyList<string>? ignoreXPaths = null)
    {
        var document = new HtmlDocument { OptionMaxNestedChildNodes = MaxNestingDepth };
        try
        {
            // The tree costs about a kilobyte per element: only the first MaxHtmlElements are parsed.
            document.LoadHtml(ContentExtractor.UpToElements(html, ContentExtractor.MaxHtmlElements));
        }
        catch (Exception)
        {
            // Thousands of unclosed tags: HtmlAgilityPack gives up, so fall back to plain tag stripping (and the title
            // found in the markup, when there is one before the nesting).
            return new ExtractedContent(ContentKinds.Html, FallbackTitle(html), StripTags(html, maxChars));
        }

        var root = document.DocumentNode;
        RemoveIgnored(root, ignoreXPaths ?? []);

        var texts = new DecodedTexts();
        var title = FindTitle(root, texts);
        var (published, modified) = HtmlDates.Find(root);
        var skipped = FindSkippedNodes(root, texts);
        var body = FindFirst(root, n => n.Name == "body", skipped) ?? root;
        var (_, _, text) = SelectMain(body, skipped, texts, maxChars);
        return new ExtractedContent(ContentKinds.Html, title, text) { Published = published, Modified = modified };
    }

    /// <summary>A parsed page's main content, as <see cref="Extract"/> chooses it.</summary>
    /// <param name="Root">The element whose text is the page's main text (the body when nothing narrower is found).</param>
    /// <param name="Chrome">
    /// What the page's markup and words mark as invisible or as chrome (navigation, banners, footers, related-news
    /// boxes...), wherever it is: never part of the main content.
    /// </param>
    /// <param name="LinkBoxes">
    /// Boxes of the body that are mostly links (unnamed menus), to leave out too when <paramref name="Root"/> is the
    /// whole body; empty otherwise.
    /// </param>
    /// <param name="Title">The page's title, as <see cref="Extract"/> finds it.</param>
    /// <param name="Texts">Each text node's entity-decoded text.</param>
    internal sealed record MainContent(HtmlNode Root, HashSet<HtmlNode> Chrome, HashSet<HtmlNode> LinkBoxes, string? Title, DecodedTexts Texts);

    /// <summary>
    /// The main content of a parsed page, chosen as <see cref="Extract"/> chooses it (the same region, block or body),
    /// for readers that need its elements rather than its text. Boxes of links inside a chosen region or block are
    /// not dropped here: to a reader of citations, a list of links in the page's own text is what it looks for.
    /// </summary>
    internal static MainContent FindMainContent(HtmlDocument document)
    {
        var root = document.DocumentNode;
        var texts = new DecodedTexts();
        var title = FindTitle(root, texts);
        var chrome = FindSkippedNodes(root, texts);
        var body = FindFirst(root, n => n.Name == "body", chrome) ?? root;
        var (main, skipped, _) = SelectMain(body, [.. chrome], texts, ContentExtractor.MaxTextChars);
        var linkBoxes = main == body ? skipped.Where(node => !chrome.Contains(node)).ToHashSet() : [];
        return new MainContent(main, chrome, linkBoxes, title, texts);
    }

    /// <summary>
    /// The main region (<c>main</c>, <c>article</c>) when the page marks one and it holds the page's text, else the block
    /// <see cref="MainBlockFinder"/> scores highest, else the body without its boxes of links; with what is skipped in
    /// it and its rendered text. <paramref name="skipped"/> may gain the boxes of links found inside.
    /// </summary>
    private static (HtmlNode Root, HashSet<HtmlNode> Skipped, string Text) SelectMain(
        HtmlNode body, HashSet<HtmlNode> skipped, DecodedTexts texts, int maxChars)
    {
        // Each candidate is rendered only when its text is needed: the body only when there is no main region, or
        // the region is short enough that its length must be compared with the body's.
        var region = FindPrimaryRegion(body, skipped);
        if (region is not null)
        {
            var regionText = Render(region, skipped, texts, maxChars);
            if (regionText.Length >= SubstantialMainChars)
            {
                return (region, skipped, regionText);
            }

            var bodyText = Render(body, skipped, texts, maxChars);
            return regionText.Length * 4 >= bodyText.Length ? (region, skipped, regionText) : (body, skipped, bodyText);
        }

        if (MainBlockFinder.Find(body, skipped, texts) is { } block)
        {
            // Find adds to the skip set only when it returns a block, so the body's text never depends on it.
            return (block, skipped, Render(block, skipped, texts, maxChars));
        }

        var withoutLinkBoxes = MainBlockFinder.BodyWithoutLinkBoxes(body, skipped, texts);
        return (body, withoutLinkBoxes, Render(body, withoutLinkBoxes, texts, maxChars));
    }

    private static void RemoveIgnored(HtmlNode root, IReadOnlyList<string> xpaths)
    {
        foreach (var xpath in xpaths)
        {
            // Removing an ancestor first detaches its matched descendants too; removing them again is harmless.
            foreach (var node in root.SelectNodes(xpath) ?? Enumerable.Empty<HtmlNode>())
            {
                if (node != root)
                {
                    node.Remove();
                }
            }
        }
    }

    private static string? FallbackTitle(string html)
    {
        var match = TitleElement().Match(html.Length > 64 * 1024 ? html[..(64 * 1024)] : html);
        var title = match.Success ? TextNormalizer.CollapseWhitespace(Decode(match.Groups[1].Value)).Trim() : "";
        return title.Length > 0 ? title : null;
    }

    [GeneratedRegex(@"<title\b[^>]*>(.*?)</title\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex TitleElement();

    private static string StripTags(string html, int maxChars)
    {
        var withoutCode = InvisibleBlockPattern().Replace(html, " ");
        var withBreaks = BlockTagPattern().Replace(withoutCode, "\n");
        var text = HtmlEntity.DeEntitize(AnyTagPattern().Replace(withBreaks, ""));
        return TextNormalizer.JoinLines(text.Split('\n'), maxChars);
    }

    [GeneratedRegex("<(script|style|noscript|template|svg|head)\\b.*?</\\1\\s*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 5000)]
    private static partial Regex InvisibleBlockPattern();

    [GeneratedRegex("</?(p|div|br|li|tr|h[1-6]|section|article|blockquote|pre|dd|dt|table|ul|ol)\\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 5000)]
    private static partial Regex BlockTagPattern();

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 5000)]
    private static partial Regex AnyTagPattern();

    private static string? FindTitle(HtmlNode root, DecodedTexts texts)
    {
        var svgSkipped = new HashSet<HtmlNode>();
        var stack = new Stack<HtmlNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.Name is "svg" or "math")
            {
                svgSkipped.Add(node);
                continue;
            }

            for (var i = node.ChildNodes.Count - 1; i >= 0; i--)
            {
                stack.Push(node.ChildNodes[i]);
            }
        }

        var title = FindFirst(root, n => n.Name == "title", svgSkipped)?.InnerText;
        var openGraph = FindFirst(root, IsOpenGraphTitle, svgSkipped)?.GetAttributeValue("content", "");
        var candidates = new[] { Clean(title), Clean(openGraph) };
        foreach (var candidate in candidates)
        {
            if (!string.IsNullOrEmpty(candidate))
            {
                return candidate;
            }
        }

        // Render already decodes entities and normalizes.
        var heading = FindFirst(root, n => n.Name == "h1", svgSkipped) is { } h1 ? Render(h1, svgSkipped, texts, 1000) : "";
        if (heading.Length > 0)
        {
            return heading.Replace('\n', ' ');
        }

        return null;
    }

    private static string? Clean(string? raw) =>
        raw is null ? null : TextNormalizer.ToNfc(TextNormalizer.CollapseWhitespace(HtmlEntity.DeEntitize(raw)));

    private static bool IsOpenGraphTitle(HtmlNode node) =>
        node.Name == "meta"
        && (node.GetAttributeValue("property", "").Equals("og:title", StringComparison.OrdinalIgnoreCase)
            || node.GetAttributeValue("name", "").Equals("og:title", StringComparison.OrdinalIgnoreCase));

    /// <summary>Elements whose whole subtree contributes no text: invisible, hidden, or page chrome.</summary>
    private static HashSet<HtmlNode> FindSkippedNodes(HtmlNode root, DecodedTexts texts)
    {
        // One walk classifies every element and collects the text nodes outside what it skips.
        var skipped = new HashSet<HtmlNode>();
        var textNodes = new List<HtmlNode>();
        var stack = new Stack<HtmlNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.NodeType == HtmlNodeType.Comment
                || node.NodeType == HtmlNodeType.Element && IsSkippedElement(node))
            {
                skipped.Add(node);
                continue;
            }

            if (node.NodeType == HtmlNodeType.Text)
            {
                textNodes.Add(node);
            }

            for (var i = node.ChildNodes.Count - 1; i >= 0; i--)
            {
                stack.Push(node.ChildNodes[i]);
            }
        }

        SkipChromeByText(textNodes, skipped, texts);
        return skipped;
    }

    /// <summary>Chrome that only its words give away: related-news boxes, visitor counters, skip links.</summary>
    private static void SkipChromeByText(List<HtmlNode> textNodes, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        // The traversal entered no skipped node, so a text node can only be inside one added by this loop.
        var skippedBefore = skipped.Count;
        foreach (var textNode in textNodes)
        {
            if (skipped.Count != skippedBefore && IsInside(textNode, skipped))
            {
                continue;
            }

            var decoded = texts.Of(textNode);
            if (IsLongerPhraseThan(decoded, CounterMaxChars))
            {
                continue;
            }

            var phrase = TextNormalizer.CollapseWhitespace(decoded).TrimEnd(PhraseTrailers).Trim();
            if (phrase.Length == 0 || phrase.Length > CounterMaxChars || !MayBeListed(phrase))
            {
                continue;
            }

            var lower = phrase.ToLowerInvariant();
            if (ChromeHeadings.Contains(lower))
            {
                SkipChromeBox(textNode, skipped, texts);
            }
            else if (CounterStarts.Any(start => lower.StartsWith(start, StringComparison.Ordinal)) && CounterPattern().IsMatch(lower) && OwningBlock(textNode) is { } counter
                && TextNormalizer.CollapsedLength(HtmlEntity.DeEntitize(counter.InnerText)) <= CounterMaxChars)
            {
                skipped.Add(counter);
            }
            else if (SkipLinkTexts.Contains(lower) && Ancestor(textNode, "a") is { } link
                && link.GetAttributeValue("href", "").StartsWith('#'))
            {
                skipped.Add(link);
            }
        }
    }

    private static readonly char[] PhraseTrailers = [':', '.', '»', '›'];

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

    /// <summary>
    /// Drops the box a chrome heading opens: the largest ancestor that starts with the heading and is mostly links.
    /// When the heading stands alone before its list, the heading and the lists (or link boxes) right after it go.
    /// </summary>
    private static void SkipChromeBox(HtmlNode heading, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        HtmlNode? box = null;
        var headingChars = TextNormalizer.CollapsedLength(texts.Of(heading));
        for (var node = heading.ParentNode; node is not null && node.Name is not ("body" or "html" or "#document"); node = node.ParentNode)
        {
            if (FirstText(node, skipped, texts) != heading)
            {
                break;
            }

            var (text, links) = TextStats(node, skipped, texts);
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

        var alone = OwningBlock(heading) ?? heading.ParentNode;
        if (alone is null || alone.Name is "body" or "html")
        {
            return;
        }

        skipped.Add(alone);
        for (var next = alone.NextSibling; next is not null; next = next.NextSibling)
        {
            if (next.NodeType == HtmlNodeType.Text && string.IsNullOrWhiteSpace(next.InnerText) || next.NodeType == HtmlNodeType.Comment)
            {
                continue;
            }

            // The heading names what follows: a list right after it is that box even when its items are not links.
            var (text, links) = TextStats(next, skipped, texts);
            if (next.NodeType != HtmlNodeType.Element || text == 0 || (links * 2 < text && next.Name is not ("ul" or "ol")))
            {
                break;
            }

            skipped.Add(next);
        }
    }

    private static HtmlNode? FirstText(HtmlNode root, HashSet<HtmlNode> skipped, DecodedTexts texts) =>
        Descendants(root, skipped).FirstOrDefault(n => n.NodeType == HtmlNodeType.Text && !skipped.Contains(n) && !string.IsNullOrWhiteSpace(texts.Of(n)));

    /// <summary>Visible characters (whitespace collapsed) under <paramref name="root"/>, and how many of them are link text.</summary>
    internal static (int Text, int Links) TextStats(HtmlNode root, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        var text = 0;
        var links = 0;
        foreach (var node in Descendants(root, skipped))
        {
            if (node.NodeType == HtmlNodeType.Text && !skipped.Contains(node))
            {
                var length = TextNormalizer.CollapsedLength(texts.Of(node));
                text += length;
                if (Ancestor(node, "a") is not null)
                {
                    links += length;
                }
            }
        }

        return (text, links);
    }

    private static bool IsInside(HtmlNode node, HashSet<HtmlNode> skipped)
    {
        for (var current = node; current is not null; current = current.ParentNode)
        {
            if (skipped.Contains(current))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The nearest ancestor that starts a line of its own (a paragraph, cell, list item, div...).</summary>
    internal static HtmlNode? OwningBlock(HtmlNode node)
    {
        for (var parent = node.ParentNode; parent is not null; parent = parent.ParentNode)
        {
            if (BlockTags.Contains(parent.Name))
            {
                return parent;
            }
        }

        return null;
    }

    internal static HtmlNode? Ancestor(HtmlNode node, string name)
    {
        for (var parent = node.ParentNode; parent is not null; parent = parent.ParentNode)
        {
            if (parent.Name == name)
            {
                return parent;
            }
        }

        return null;
    }

    private static bool IsSkippedElement(HtmlNode node)
    {
        if (!node.HasAttributes)
        {
            // No hidden flag, style, role, class or id: only the tag name counts.
            return InvisibleTags.Contains(node.Name) || IsChrome(node, []);
        }

        var tokens = ClassTokens(node);
        return IsInvisible(node, tokens) || IsChrome(node, tokens);
    }

    private static bool IsInvisible(HtmlNode node, string[] tokens)
    {
        if (InvisibleTags.Contains(node.Name)
            || node.Attributes.Contains("hidden")
            || node.GetAttributeValue("aria-hidden", "").Trim().Equals("true", StringComparison.OrdinalIgnoreCase)
            || node.Name == "input" && node.GetAttributeValue("type", "").Trim().Equals("hidden", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var style = node.GetAttributeValue("style", "");
        if (style.Length > 0)
        {
            var compact = style.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
            if (compact.Contains("display:none", StringComparison.Ordinal)
                || compact.Contains("visibility:hidden", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return tokens.Any(HiddenTokens.Contains);
    }

    private static bool IsChrome(HtmlNode node, string[] tokens)
    {
        if (ProtectedTags.Contains(node.Name))
        {
            return false;
        }

        var role = node.GetAttributeValue("role", "").Trim().ToLowerInvariant();
        if (role == "main")
        {
            return false;
        }

        if (ChromeRoles.Contains(role))
        {
            return true;
        }

        if (role == ComplementaryRole)
        {
            return !ContainsPrimaryRegionOrHeadline(node);
        }

        if (ChromeTags.Contains(node.Name))
        {
            // Only the page-level header and footer are banners; an article's own header holds its headline.
            return node.Name is not ("header" or "footer") || !HasAncestor(node, "article", "main", "section");
        }

        if (node.Name == "form")
        {
            return !ContainsPrimaryRegionOrHeadline(node)
                && TextNormalizer.CollapsedLength(HtmlEntity.DeEntitize(node.InnerText)) < ChromeFormMaxChars;
        }

        // Class names are only a hint: a "menu" or "sidebar" wrapper that holds the main region or the page
        // headline is layout, not chrome.
        if (tokens.Any(IsChromeToken))
        {
            return !ContainsPrimaryRegionOrHeadline(node);
        }

        return tokens.Any(IsHeaderToken) && !HasAncestor(node, "article", "main") && !ContainsPrimaryRegionOrHeadline(node);
    }

    /// <summary>
    /// A page-level header (or Spanish footer, "pie") name: a header word, alone or with parts that only place it
    /// (<see cref="HeaderCompanions"/>).
    /// </summary>
    private static bool IsHeaderToken(string token)
    {
        if (HeaderWords.Contains(token))
        {
            return true;
        }

        Span<Range> parts = stackalloc Range[MaxTokenParts];
        var count = TokenParts(token, parts);
        var hasHeaderWord = false;
        foreach (var range in parts[..count])
        {
            var part = token.AsSpan(range);
            if (HeaderWordSpans.Contains(part))
            {
                hasHeaderWord = true;
            }
            else if (!HeaderCompanionSpans.Contains(part))
            {
                return false;
            }
        }

        return hasHeaderWord;
    }

    /// <summary>
    /// The element's class names and id, lower-cased, with a '-' where a camelCase name starts a new word:
    /// <c>cookieConsent</c> becomes <c>cookie-consent</c>, <c>CybotCookiebotDialog</c> <c>cybot-cookiebot-dialog</c>,
    /// <c>XMLHttpRequest</c> <c>xml-http-request</c>.
    /// </summary>
    internal static string[] ClassTokens(HtmlNode node)
    {
        var classes = node.GetAttributeValue("class", "");
        var id = node.GetAttributeValue("id", "");
        if (classes.Length == 0 && id.Length == 0)
        {
            return [];
        }

        var count = CountTokens(classes) + CountTokens(id);
        if (count == 0)
        {
            return [];
        }

        var tokens = new string[count];
        var next = AddTokens(classes, tokens, 0);
        AddTokens(id, tokens, next);
        return tokens;
    }

    private static int CountTokens(string value)
    {
        var count = 0;
        var inToken = false;
        foreach (var c in value)
        {
            var white = char.IsWhiteSpace(c);
            if (!white && !inToken)
            {
                count++;
            }

            inToken = !white;
        }

        return count;
    }

    private static int AddTokens(string value, string[] tokens, int next)
    {
        var i = 0;
        while (i < value.Length)
        {
            if (char.IsWhiteSpace(value[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < value.Length && !char.IsWhiteSpace(value[i]))
            {
                i++;
            }

            tokens[next++] = LowerWords(value.AsSpan(start, i - start));
        }

        return next;
    }

    /// <summary>The token lower-cased, with a '-' before each camelCase word.</summary>
    private static string LowerWords(ReadOnlySpan<char> raw)
    {
        // Most names are lower-case ASCII already: nothing to split or lower.
        if (!raw.ContainsAnyInRange('A', 'Z') && Ascii.IsValid(raw))
        {
            return raw.ToString();
        }

        // At most one '-' before each character but the first.
        var capacity = raw.Length * 2;
        Span<char> buffer = capacity <= StackTokenChars ? stackalloc char[capacity] : new char[capacity];
        var written = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (i > 0 && StartsWord(raw, i))
            {
                buffer[written++] = '-';
            }

            buffer[written++] = char.ToLowerInvariant(raw[i]);
        }

        return new string(buffer[..written]);
    }

    /// <summary>
    /// Whether the capital at <paramref name="i"/> starts a camelCase word: after a lower-case letter or digit
    /// ("cookie|Consent", "h1|Title"), or as the last capital of an acronym followed by a word ("XML|Http"), but not
    /// before a plural's "s" ("IDs").
    /// </summary>
    private static bool StartsWord(ReadOnlySpan<char> raw, int i)
    {
        if (!char.IsUpper(raw[i]))
        {
            return false;
        }

        var previous = raw[i - 1];
        if (char.IsLower(previous) || char.IsDigit(previous))
        {
            return true;
        }

        if (!char.IsUpper(previous) || i + 1 >= raw.Length || !char.IsLower(raw[i + 1]))
        {
            return false;
        }

        var plural = raw[i + 1] == 's' && (i + 2 == raw.Length || !char.IsLower(raw[i + 2]));
        return !plural;
    }

    /// <summary>
    /// The parts of a lower-cased token, split at '-' and '_', without trailing digits ("Menu1", "sidebar-2"): the
    /// ranges go to <paramref name="parts"/>, and the count is returned. All-digit parts are left out.
    /// </summary>
    private static int TokenParts(string token, Span<Range> parts)
    {
        var count = 0;
        var i = 0;
        while (i < token.Length && count < parts.Length)
        {
            if (token[i] is '-' or '_')
            {
                i++;
                continue;
            }

            var start = i;
            while (i < token.Length && token[i] is not ('-' or '_'))
            {
                i++;
            }

            var end = i;
            while (end > start && char.IsAsciiDigit(token[end - 1]))
            {
                end--;
            }

            if (end > start)
            {
                parts[count++] = start..end;
            }
        }

        return count;
    }

    internal static bool IsChromeToken(string token)
    {
        if (ChromeWords.Contains(token))
        {
            return true;
        }

        Span<Range> parts = stackalloc Range[MaxTokenParts];
        parts = parts[..TokenParts(token, parts)];
        var chrome = false;
        foreach (var range in parts)
        {
            var part = token.AsSpan(range);
            if (NotChromePartSpans.Contains(part))
            {
                return false;
            }

            chrome = chrome || ChromeWordSpans.Contains(part) || part.StartsWith(CookiePrefix, StringComparison.Ordinal);
        }

        return chrome || parts.Length > 1 && SpellsChromeWord(token, parts);
    }

    /// <summary>Whether two or more consecutive parts spell a chrome word: "side-bar", "breadCrumbs", "pieDePagina".</summary>
    private static bool SpellsChromeWord(string token, ReadOnlySpan<Range> parts)
    {
        Span<char> joined = stackalloc char[LongestChromeWord];
        for (var first = 0; first < parts.Length - 1; first++)
        {
            var length = 0;
            for (var last = first; last < parts.Length; last++)
            {
                var part = token.AsSpan(parts[last]);
                if (length + part.Length > joined.Length)
                {
                    break;
                }

                part.CopyTo(joined[length..]);
                length += part.Length;
                if (last > first && ChromeWordSpans.Contains(joined[..length]))
                {
                    return true;
                }

                if (!ChromeWordPrefixSpans.Contains(joined[..length]))
                {
                    break;
                }
            }
        }

        return false;
    }

    private static bool HasAncestor(HtmlNode node, params string[] names)
    {
        for (var parent = node.ParentNode; parent is not null; parent = parent.ParentNode)
        {
            if (names.Contains(parent.Name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsPrimaryRegionOrHeadline(HtmlNode node) =>
        FindFirst(node, n => n != node && (IsPrimaryRegion(n) || n.Name is "article" or "h1"), []) is not null;

    private static bool IsPrimaryRegion(HtmlNode node) =>
        node.NodeType == HtmlNodeType.Element
        && (node.Name == "main" || node.GetAttributeValue("role", "").Trim().Equals("main", StringComparison.OrdinalIgnoreCase));

    /// <summary>The one <c>main</c> (or role=main) element, else the one <c>article</c>; null when absent or ambiguous.</summary>
    private static HtmlNode? FindPrimaryRegion(HtmlNode body, HashSet<HtmlNode> skipped)
    {
        var mains = Descendants(body, skipped).Where(IsPrimaryRegion).Take(2).ToList();
        if (mains.Count == 1)
        {
            return mains[0];
        }

        if (mains.Count > 1)
        {
            return null;
        }

        var articles = Descendants(body, skipped).Where(n => n.Name == "article").Take(2).ToList();
        return articles.Count == 1 ? articles[0] : null;
    }

    internal static HtmlNode? FindFirst(HtmlNode root, Func<HtmlNode, bool> predicate, HashSet<HtmlNode> skipped) =>
        Descendants(root, skipped).FirstOrDefault(predicate);

    /// <summary>Every element named <paramref name="name"/> under <paramref name="root"/>, in document order.</summary>
    internal static List<HtmlNode> FindAll(HtmlNode root, string name)
    {
        var found = new List<HtmlNode>();
        var stack = new Stack<HtmlNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.Name == name)
            {
                found.Add(node);
            }

            for (var i = node.ChildNodes.Count - 1; i >= 0; i--)
            {
                stack.Push(node.ChildNodes[i]);
            }
        }

        return found;
    }

    /// <summary>Document-order traversal of <paramref name="root"/> and its descendants, not entering skipped nodes.</summary>
    internal static IEnumerable<HtmlNode> Descendants(HtmlNode root, HashSet<HtmlNode> skipped)
    {
        var stack = new Stack<HtmlNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;

            // The caller may have just added the node to the skip set.
            if (skipped.Contains(node))
            {
                continue;
            }

            for (var i = node.ChildNodes.Count - 1; i >= 0; i--)
            {
                stack.Push(node.ChildNodes[i]);
            }
        }
    }

    private static string Render(HtmlNode root, HashSet<HtmlNode> skipped, DecodedTexts texts, int maxChars)
    {
        var layoutCells = new Dictionary<HtmlNode, bool>();
        bool IsCellInRow(HtmlNode node) => IsDataCell(node, layoutCells);

        var line = new TextNormalizer.LineJoiner(maxChars);
        var total = 0;

        void Break()
        {
            if (line.LineLength > 0)
            {
                total += line.LineLength;
                line.EndLine();
            }
        }

        // Each node is visited twice: on entry (false) and after its children (true). InPre: inside a pre element,
        // known from the parent instead of walking every text node's ancestors.
        var stack = new Stack<(HtmlNode Node, bool Exit, bool InPre)>();
        stack.Push((root, false, HasAncestor(root, "pre")));
        while (stack.Count > 0 && total < maxChars)
        {
            var (node, exit, inPre) = stack.Pop();
            if (exit)
            {
                if (BlockTags.Contains(node.Name) && !IsCellInRow(node))
                {
                    Break();
                }

                continue;
            }

            if (skipped.Contains(node))
            {
                continue;
            }

            switch (node.NodeType)
            {
                case HtmlNodeType.Text:
                    AppendText(line, texts.Of(node), inPre, Break);
                    continue;
                case HtmlNodeType.Element when node.Name == "br":
                    Break();
                    continue;
                case HtmlNodeType.Element when IsCellInRow(node):
                    // Only between cells that showed something: a skipped or empty cell leaves no stray separator.
                    if (HasPreviousCell(node) && line.LineHasNonWhiteSpace)
                    {
                        line.Append(" | ");
                    }

                    break;
                case HtmlNodeType.Element when BlockTags.Contains(node.Name):
                    Break();
                    break;
            }

            stack.Push((node, true, inPre));
            var childInPre = inPre || node.Name == "pre";
            for (var i = node.ChildNodes.Count - 1; i >= 0; i--)
            {
                stack.Push((node.ChildNodes[i], false, childInPre));
            }
        }

        Break();
        return line.ToText();
    }

    private static void AppendText(TextNormalizer.LineJoiner line, string text, bool preformatted, Action lineBreak)
    {
        if (!preformatted)
        {
            line.Append(text);
            return;
        }

        var parts = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                lineBreak();
            }

            line.Append(parts[i]);
        }
    }

    /// <summary>Entity-decoded text; most text nodes hold no entity and are returned as they are.</summary>
    internal static string Decode(string raw) =>
        raw.Contains('&', StringComparison.Ordinal) ? HtmlEntity.DeEntitize(raw) : raw;

    /// <summary>
    /// Each text node's decoded text, read and decoded once per extraction: HtmlAgilityPack builds a new substring on
    /// every read of a text node's text, and the skip, scoring and rendering passes each need it. (With
    /// HtmlAgilityPack's default BackwardCompatibility, a text node's InnerText is its Text.)
    /// </summary>
    internal sealed class DecodedTexts
    {
        private readonly Dictionary<HtmlNode, string> _decoded = [];

        public string Of(HtmlNode textNode)
        {
            if (!_decoded.TryGetValue(textNode, out var text))
            {
                text = Decode(((HtmlTextNode)textNode).Text);
                _decoded[textNode] = text;
            }

            return text;
        }
    }

    // Data cells are inline within their row; only the row ends the line. A cell holding blocks is page layout.
    private static bool IsDataCell(HtmlNode node, Dictionary<HtmlNode, bool> cache)
    {
        if (node.Name is not ("td" or "th") || node.ParentNode?.Name != "tr")
        {
            return false;
        }

        if (!cache.TryGetValue(node, out var isData))
        {
            isData = !HasBlockDescendant(node);
            cache[node] = isData;
        }

        return isData;
    }

    private static bool HasBlockDescendant(HtmlNode node)
    {
        var stack = new Stack<HtmlNode>(node.ChildNodes);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (current.NodeType == HtmlNodeType.Element && BlockTags.Contains(current.Name))
            {
                return true;
            }

            foreach (var child in current.ChildNodes)
            {
                stack.Push(child);
            }
        }

        return false;
    }

    private static bool HasPreviousCell(HtmlNode cell)
    {
        for (var sibling = cell.PreviousSibling; sibling is not null; sibling = sibling.PreviousSibling)
        {
            if (sibling.Name is "td" or "th")
            {
                return true;
            }
        }

        return false;
    }
}
