using System.Text.RegularExpressions;
using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// Text by tag stripping, for markup the parser gives up on (thousands of unclosed tags): code and comments out, block
/// tags as line breaks, entities decoded.
/// </summary>
internal static partial class TagStripper
{
    internal static string Strip(string html, int maxChars)
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
}
