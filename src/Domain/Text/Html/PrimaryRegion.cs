using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>The region a page marks as its main content: <c>main</c> or <c>role=main</c>, else its one <c>article</c>.</summary>
internal static class PrimaryRegion
{
    /// <summary>The one <c>main</c> (or role=main) element, else the one <c>article</c>; null when absent or ambiguous.</summary>
    internal static HtmlNode? Find(HtmlNode body, HashSet<HtmlNode> skipped)
    {
        var mains = HtmlTree.Descendants(body, skipped).Where(IsRegion).Take(2).ToList();
        if (mains.Count == 1)
        {
            return mains[0];
        }

        if (mains.Count > 1)
        {
            return null;
        }

        var articles = HtmlTree.Descendants(body, skipped).Where(n => n.Name == "article").Take(2).ToList();
        return articles.Count == 1 ? articles[0] : null;
    }

    internal static bool IsRegion(HtmlNode node) =>
        node.NodeType == HtmlNodeType.Element
        && (node.Name == "main" || node.GetAttributeValue("role", "").Trim().Equals("main", StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a main region, an article or the headline lies inside <paramref name="node"/>.</summary>
    internal static bool ContainsRegionOrHeadline(HtmlNode node) =>
        HtmlTree.FindFirst(node, n => n != node && (IsRegion(n) || n.Name is "article" or "h1"), []) is not null;
}
