using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// How much prose each element holds: the text of the paragraphs under it that are running text (hardly any of it
/// links), all of them and the long ones apart. Built once per page on first use, in one walk over its paragraphs, so
/// that asking it of nested wrappers costs nothing more.
/// </summary>
internal sealed class ProseIndex(HtmlNode root, DecodedTexts texts)
{
    // Chrome never holds this much prose in long paragraphs.
    private const int ProseChars = 600;
    private const int LongParagraphChars = 100;
    private const int ParagraphChars = 25;

    private Dictionary<HtmlNode, (int All, int Long)>? _prose;

    /// <summary>Whether <paramref name="node"/> holds long paragraphs of prose, as page chrome never does.</summary>
    public bool HoldsProse(HtmlNode node) => (_prose ??= Build()).GetValueOrDefault(node).Long >= ProseChars;

    /// <summary>
    /// Whether <paramref name="node"/> holds most of the page's prose: then it is the page's text whatever its name says
    /// (a post wrapper tagged "comentarios", a forum thread of readers' posts, the bio that a profile page is).
    /// </summary>
    public bool HoldsMostProse(HtmlNode node)
    {
        _prose ??= Build();
        var held = _prose.GetValueOrDefault(node).All;
        return held > 0 && held * 2 >= _prose.GetValueOrDefault(root).All;
    }

    private Dictionary<HtmlNode, (int All, int Long)> Build()
    {
        var prose = new Dictionary<HtmlNode, (int All, int Long)>();
        foreach (var paragraph in HtmlTree.FindAll(root, "p"))
        {
            var (text, links) = HtmlTree.TextStats(paragraph, [], texts);
            if (text < ParagraphChars || links * 5 >= text)
            {
                continue;
            }

            var longText = text >= LongParagraphChars ? text : 0;
            for (var node = paragraph; node is not null; node = node.ParentNode)
            {
                var (all, longs) = prose.GetValueOrDefault(node);
                prose[node] = (all + text, longs + longText);
            }
        }

        return prose;
    }
}
