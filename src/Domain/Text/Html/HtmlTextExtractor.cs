using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// Visible main text of an HTML page: no scripts, hidden elements or page chrome (<see cref="ChromeFinder"/>); of what is
/// left, the main content <see cref="MainSelector"/> chooses, without the furniture set into it (<see cref="TextFurniture"/>),
/// rendered to lines by <see cref="TextRenderer"/>. The title
/// (<see cref="HtmlTitle"/>) and dates (<see cref="HtmlDates"/>) are kept apart from the text.
/// </summary>
internal static class HtmlTextExtractor
{
    // HtmlAgilityPack parses in time quadratic in nesting depth; real pages stay far below this.
    internal const int MaxNestingDepth = 1000;

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
            return new ExtractedContent(ContentKinds.Html, HtmlTitle.FromMarkup(html), TagStripper.Strip(html, maxChars));
        }

        var root = document.DocumentNode;
        RemoveIgnored(root, ignoreXPaths ?? []);

        var texts = new DecodedTexts();
        var title = HtmlTitle.Find(root, texts);
        var (published, modified) = HtmlDates.Find(root);
        var skipped = ChromeFinder.Find(root, texts);
        var body = HtmlTree.FindFirst(root, n => n.Name == "body", skipped) ?? root;
        var (main, inMain) = MainSelector.Select(body, skipped, texts, maxChars);
        var text = TextRenderer.Render(main, TextFurniture.Trim(main, inMain, texts), texts, maxChars);
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
        var title = HtmlTitle.Find(root, texts);
        var chrome = ChromeFinder.Find(root, texts);
        var body = HtmlTree.FindFirst(root, n => n.Name == "body", chrome) ?? root;
        var (main, skipped) = MainSelector.Select(body, [.. chrome], texts, ContentExtractor.MaxTextChars);
        var linkBoxes = main == body ? skipped.Where(node => !chrome.Contains(node)).ToHashSet() : [];
        return new MainContent(main, chrome, linkBoxes, title, texts);
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
}
