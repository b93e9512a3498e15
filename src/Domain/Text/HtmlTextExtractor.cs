using System.Text;
using System.Text.RegularExpressions;
using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text;

/// <summary>
/// Visible main text of an HTML page: no scripts, hidden elements or page chrome (navigation, banners, footers,
/// cookie notices, share bars), and only the <c>main</c>/<c>article</c> region when the page marks one.
/// Block elements start new lines; table cells of one row share a line, separated by <c>" | "</c>.
/// Every traversal is iterative, so absurdly deep markup cannot overflow the stack.
/// </summary>
internal static partial class HtmlTextExtractor
{
    // HtmlAgilityPack parses in time quadratic in nesting depth; real pages stay far below this.
    private const int MaxNestingDepth = 1000;

    // A main region shorter than this (and than a quarter of the page) is probably a stub, not the content.
    private const int SubstantialMainChars = 140;

    private static readonly HashSet<string> InvisibleTags = new(StringComparer.Ordinal)
    {
        "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
        "video", "audio", "map", "select", "button", "textarea", "dialog",
    };

    private static readonly HashSet<string> ChromeTags = new(StringComparer.Ordinal)
    {
        "header", "nav", "footer", "aside", "form",
    };

    private static readonly HashSet<string> ChromeRoles = new(StringComparer.Ordinal)
    {
        "navigation", "banner", "contentinfo", "search", "menu", "menubar", "dialog", "alertdialog",
    };

    // Matched against whole class/id tokens and against their '-' / '_' separated parts.
    private static readonly HashSet<string> ChromeWords = new(StringComparer.Ordinal)
    {
        "menu", "menus", "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs", "sidebar", "footer",
        "cookie", "cookies", "consent", "gdpr", "share", "sharing", "social", "skip", "skiplink", "skiplinks",
    };

    // Only as whole tokens: these hide text from sighted readers.
    private static readonly HashSet<string> HiddenTokens = new(StringComparer.Ordinal)
    {
        "hidden", "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "skip-link", "skiplink",
    };

    // "has-sidebar", "no-menu", "with-nav" describe the layout of a wrapper, not chrome itself.
    private static readonly HashSet<string> LayoutModifiers = new(StringComparer.Ordinal)
    {
        "has", "no", "with", "without",
    };

    private static readonly HashSet<string> BlockTags = new(StringComparer.Ordinal)
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

    public static ExtractedContent Extract(string html, int maxChars)
    {
        var document = new HtmlDocument { OptionMaxNestedChildNodes = MaxNestingDepth };
        try
        {
            document.LoadHtml(html);
        }
        catch (Exception)
        {
            // Thousands of unclosed tags: HtmlAgilityPack gives up, so fall back to plain tag stripping.
            return new ExtractedContent(ContentKinds.Html, null, StripTags(html, maxChars));
        }

        var root = document.DocumentNode;

        var title = FindTitle(root);
        var skipped = FindSkippedNodes(root);
        var body = FindFirst(root, n => n.Name == "body", skipped) ?? root;

        var bodyText = Render(body, skipped, maxChars);
        var region = FindPrimaryRegion(body, skipped);
        if (region is not null)
        {
            var regionText = Render(region, skipped, maxChars);
            if (regionText.Length >= SubstantialMainChars || regionText.Length * 4 >= bodyText.Length)
            {
                bodyText = regionText;
            }
        }

        return new ExtractedContent(ContentKinds.Html, title, bodyText);
    }

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

    private static string? FindTitle(HtmlNode root)
    {
        var svgSkipped = new HashSet<HtmlNode>();
        foreach (var node in Descendants(root, svgSkipped))
        {
            if (node.Name is "svg" or "math")
            {
                svgSkipped.Add(node);
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
        var heading = FindFirst(root, n => n.Name == "h1", svgSkipped) is { } h1 ? Render(h1, svgSkipped, 1000) : "";
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
    private static HashSet<HtmlNode> FindSkippedNodes(HtmlNode root)
    {
        var skipped = new HashSet<HtmlNode>();
        foreach (var node in Descendants(root, skipped))
        {
            if (node.NodeType == HtmlNodeType.Comment
                || node.NodeType == HtmlNodeType.Element && (IsInvisible(node) || IsChrome(node)))
            {
                skipped.Add(node);
            }
        }

        return skipped;
    }

    private static bool IsInvisible(HtmlNode node)
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

        return ClassTokens(node).Any(HiddenTokens.Contains);
    }

    private static bool IsChrome(HtmlNode node)
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

        if (ChromeTags.Contains(node.Name))
        {
            // Only the page-level header and footer are banners; an article's own header holds its headline.
            return node.Name is not ("header" or "footer") || !HasAncestor(node, "article", "main", "section");
        }

        // Class names are only a hint: a "menu" or "sidebar" wrapper that holds the main region or the page
        // headline is layout, not chrome.
        return ClassTokens(node).Any(IsChromeToken) && !ContainsPrimaryRegionOrHeadline(node);
    }

    private static IEnumerable<string> ClassTokens(HtmlNode node)
    {
        var classes = node.GetAttributeValue("class", "");
        var id = node.GetAttributeValue("id", "");
        if (classes.Length == 0 && id.Length == 0)
        {
            return [];
        }

        return $"{classes} {id}".ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    private static bool IsChromeToken(string token)
    {
        if (ChromeWords.Contains(token))
        {
            return true;
        }

        var parts = token.Split(['-', '_'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts.Any(LayoutModifiers.Contains))
        {
            return false;
        }

        return parts.Any(ChromeWords.Contains);
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

    private static HtmlNode? FindFirst(HtmlNode root, Func<HtmlNode, bool> predicate, HashSet<HtmlNode> skipped) =>
        Descendants(root, skipped).FirstOrDefault(predicate);

    /// <summary>Document-order traversal of <paramref name="root"/> and its descendants, not entering skipped nodes.</summary>
    private static IEnumerable<HtmlNode> Descendants(HtmlNode root, HashSet<HtmlNode> skipped)
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

    private static string Render(HtmlNode root, HashSet<HtmlNode> skipped, int maxChars)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        var total = 0;

        void Break()
        {
            if (line.Length > 0)
            {
                lines.Add(line.ToString());
                total += line.Length;
                line.Clear();
            }
        }

        // Each node is visited twice: on entry (false) and after its children (true).
        var stack = new Stack<(HtmlNode Node, bool Exit)>();
        stack.Push((root, false));
        while (stack.Count > 0 && total < maxChars)
        {
            var (node, exit) = stack.Pop();
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
                    AppendText(line, ((HtmlTextNode)node).Text, HasAncestor(node, "pre"), Break);
                    continue;
                case HtmlNodeType.Element when node.Name == "br":
                    Break();
                    continue;
                case HtmlNodeType.Element when IsCellInRow(node):
                    if (HasPreviousCell(node))
                    {
                        line.Append(" | ");
                    }

                    break;
                case HtmlNodeType.Element when BlockTags.Contains(node.Name):
                    Break();
                    break;
            }

            stack.Push((node, true));
            for (var i = node.ChildNodes.Count - 1; i >= 0; i--)
            {
                stack.Push((node.ChildNodes[i], false));
            }
        }

        Break();
        return TextNormalizer.JoinLines(lines, maxChars);
    }

    private static void AppendText(StringBuilder line, string raw, bool preformatted, Action lineBreak)
    {
        var text = HtmlEntity.DeEntitize(raw);
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

    // Cells are inline within their row; only the row ends the line.
    private static bool IsCellInRow(HtmlNode node) => node.Name is "td" or "th" && node.ParentNode?.Name == "tr";

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
