using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text.Html;

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

    /// <summary>Entity-decoded text; most text nodes hold no entity and are returned as they are.</summary>
    public static string Decode(string raw) =>
        raw.Contains('&', StringComparison.Ordinal) ? HtmlEntity.DeEntitize(raw) : raw;
}
