using HtmlAgilityPack;

namespace CitationMonitor.Api.Tests.Support;

/// <summary>XPath look-ups that fail the test instead of handing back null.</summary>
internal static class Html
{
    public static HtmlNode One(HtmlNode node, string xpath)
    {
        var found = node.SelectSingleNode(xpath);
        Assert.True(found is not null, $"nothing matches {xpath}");
        return found;
    }

    public static IReadOnlyList<HtmlNode> All(HtmlNode node, string xpath) => [.. node.SelectNodes(xpath) ?? Enumerable.Empty<HtmlNode>()];
}
