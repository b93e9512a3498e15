using System.Text.RegularExpressions;
using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// The page's title: its <c>title</c> element, else its Open Graph title, else its first <c>h1</c>; and, for markup
/// the parser gave up on, the <c>title</c> element found in the raw markup.
/// </summary>
internal static partial class HtmlTitle
{
    internal static string? Find(HtmlNode root, DecodedTexts texts)
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

        var title = HtmlTree.FindFirst(root, n => n.Name == "title", svgSkipped)?.InnerText;
        var openGraph = HtmlTree.FindFirst(root, IsOpenGraphTitle, svgSkipped)?.GetAttributeValue("content", "");
        var candidates = new[] { Clean(title), Clean(openGraph) };
        foreach (var candidate in candidates)
        {
            if (!string.IsNullOrEmpty(candidate))
            {
                return candidate;
            }
        }

        // Render already decodes entities and normalizes.
        var heading = HtmlTree.FindFirst(root, n => n.Name == "h1", svgSkipped) is { } h1 ? TextRenderer.Render(h1, svgSkipped, texts, 1000) : "";
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

    internal static string? FromMarkup(string html)
    {
        var match = TitleElement().Match(html.Length > 64 * 1024 ? html[..(64 * 1024)] : html);
        var title = match.Success ? TextNormalizer.CollapseWhitespace(DecodedTexts.Decode(match.Groups[1].Value)).Trim() : "";
        return title.Length > 0 ? title : null;
    }

    [GeneratedRegex(@"<title\b[^>]*>(.*?)</title\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex TitleElement();
}
