using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// Chooses what of a page is its main content: the main region when the page marks one and it holds the page's text,
/// else the block <see cref="MainBlockFinder"/> scores highest, else the body without its boxes of links.
/// </summary>
internal static class MainSelector
{
    // A main region shorter than this (and than a quarter of the page) is probably a stub, not the content.
    private const int SubstantialMainChars = 140;

    /// <summary>
    /// The main region (<c>main</c>, <c>article</c>) when the page marks one and it holds the page's text, else the block
    /// <see cref="MainBlockFinder"/> scores highest, else the body without its boxes of links; with what is skipped in
    /// it. <paramref name="skipped"/> may gain the boxes of links found inside.
    /// </summary>
    internal static (HtmlNode Root, HashSet<HtmlNode> Skipped) Select(
        HtmlNode body, HashSet<HtmlNode> skipped, DecodedTexts texts, int maxChars)
    {
        // Each candidate is rendered only when its text is needed: the body only when there is no main region, or
        // the region is short enough that its length must be compared with the body's.
        var region = PrimaryRegion.Find(body, skipped);
        if (region is not null)
        {
            var regionText = TextRenderer.Render(region, skipped, texts, maxChars);
            if (regionText.Length >= SubstantialMainChars)
            {
                return (MainBlockFinder.FindWithin(region, skipped, texts) ?? region, skipped);
            }

            var bodyText = TextRenderer.Render(body, skipped, texts, maxChars);
            return (regionText.Length * 4 >= bodyText.Length ? region : body, skipped);
        }

        if (MainBlockFinder.Find(body, skipped, texts) is { } block)
        {
            // Find adds to the skip set only when it returns a block (so does FindWithin), so the body's text never
            // depends on it.
            return (block, skipped);
        }

        return (body, MainBlockFinder.BodyWithoutLinkBoxes(body, skipped, texts));
    }
}
