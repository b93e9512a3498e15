using HtmlAgilityPack;
using static CitationMonitor.Domain.Text.Html.ChromeVocabulary;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// What never contributes text, wherever it is: invisible elements (scripts, hidden, <c>display:none</c>) and page
/// chrome marked by tags, roles, ids and class names (compound or camelCase: "menu-izq", "cookieConsent"), plus the
/// chrome only its words give away (<see cref="ChromeByText"/>). Class names and asides are only hints: one that wraps
/// the main region or the headline is layout, not chrome.
/// </summary>
internal static class ChromeFinder
{
    // A form this short is a search box or a newsletter sign-up; a longer one is an ASP.NET page wrapping everything.
    private const int ChromeFormMaxChars = 500;

    /// <summary>Elements whose whole subtree contributes no text: invisible, hidden, or page chrome.</summary>
    internal static HashSet<HtmlNode> Find(HtmlNode root, DecodedTexts texts)
    {
        // One walk classifies every element and collects the text nodes outside what it skips.
        var skipped = new HashSet<HtmlNode>();
        var textNodes = new List<HtmlNode>();
        var prose = new ProseIndex(root, texts);
        var stack = new Stack<HtmlNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node.NodeType == HtmlNodeType.Comment
                || node.NodeType == HtmlNodeType.Element && IsSkippedElement(node, prose))
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

        ChromeByText.Skip(textNodes, skipped, texts);
        return skipped;
    }

    private static bool IsSkippedElement(HtmlNode node, ProseIndex prose)
    {
        if (!node.HasAttributes)
        {
            // No hidden flag, style, role, class or id: only the tag name counts.
            return InvisibleTags.Contains(node.Name) || IsChrome(node, [], prose);
        }

        var tokens = ClassNames.ClassTokens(node);
        return IsInvisible(node, tokens) || IsChrome(node, tokens, prose);
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

    private static bool IsChrome(HtmlNode node, string[] tokens, ProseIndex prose)
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
            return !PrimaryRegion.ContainsRegionOrHeadline(node);
        }

        if (ChromeTags.Contains(node.Name))
        {
            // Only the page-level header is a banner; an article's own header holds its headline. Every footer is
            // furniture (the page's, or an article's tags, share links and author box) but a quotation's or a figure's,
            // which names its source.
            return node.Name switch
            {
                "header" => !HtmlTree.HasAncestor(node, "article", "main", "section") && !prose.HoldsProse(node),
                "footer" => !HtmlTree.HasAncestor(node, "blockquote", "figure")
                    && (!HtmlTree.HasAncestor(node, "article", "main", "section") || !PrimaryRegion.ContainsRegionOrHeadline(node)),
                _ => true,
            };
        }

        if (node.Name == "form")
        {
            return !PrimaryRegion.ContainsRegionOrHeadline(node)
                && TextNormalizer.CollapsedLength(HtmlEntity.DeEntitize(node.InnerText)) < ChromeFormMaxChars;
        }

        if (tokens.Any(ClassNames.IsCommentToken))
        {
            return !prose.HoldsMostProse(node) && !PrimaryRegion.ContainsRegionOrHeadline(node);
        }

        // Class names are only a hint: a "menu", "sidebar" or "share" wrapper that holds the main region, the page
        // headline or paragraphs of prose is layout ("content-with-sidebar", "entry share"), not chrome.
        if (tokens.Any(ClassNames.IsChromeToken))
        {
            return !prose.HoldsProse(node) && !prose.HoldsMostProse(node) && !PrimaryRegion.ContainsRegionOrHeadline(node);
        }

        return tokens.Any(ClassNames.IsHeaderToken) && !HtmlTree.HasAncestor(node, "article", "main")
            && !prose.HoldsProse(node) && !PrimaryRegion.ContainsRegionOrHeadline(node);
    }
}
