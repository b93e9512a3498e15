using System.Text.RegularExpressions;
using HtmlAgilityPack;

namespace CitationMonitor.Domain.Text.Html;

/// <summary>
/// What the chosen main content holds that is not the source's own running text, left out when it is rendered (not when
/// a document is read for its citations): a line that is only a date or a time (<see cref="DateLines"/>: the dates are
/// read apart, and such a line changes with every edit); a line that is only a link, alone or after a label ("Lea
/// también: …"), unless it is one of a run of such lines (a list of documents); the kicker, byline and reading time in
/// an article's own header; and a short paragraph in which the publisher asks readers to subscribe or follow it, or
/// states its rights.
/// </summary>
internal static partial class TextFurniture
{
    private static readonly HashSet<string> DateLineTags = new(StringComparer.Ordinal) { "p", "div", "header", "section", "address" };

    private static readonly HashSet<string> LinkLineTags = new(StringComparer.Ordinal) { "p", "div", "section" };

    private const int LinkLineMaxChars = 160;

    // What may stand before or after the link on its line: "Lea también:", "Read more »".
    private const int LinkLabelMaxChars = 30;

    // This many link lines in a row are a list of links: content, or a box the chrome rules know.
    private const int LinkRun = 3;

    private const int HeaderLineMaxChars = 40;

    private const int CallToActionMaxChars = 300;

    /// <summary>The skip set for rendering <paramref name="root"/>: <paramref name="skipped"/> and the furniture found.</summary>
    public static HashSet<HtmlNode> Trim(HtmlNode root, HashSet<HtmlNode> skipped, DecodedTexts texts)
    {
        var lines = BlockLines.Of(root, skipped, texts);
        var furniture = new HashSet<HtmlNode>();
        var linkLines = lines.InOrder.Select(line => IsLinkLine(lines, line)).ToList();
        for (var i = 0; i < lines.InOrder.Count; i++)
        {
            var line = lines.InOrder[i];
            if (lines.HoldsLines(line))
            {
                continue;
            }

            if (linkLines[i] && !InRun(linkLines, i) || IsDateLine(line) || IsHeaderLine(line, root) || IsCallToAction(line))
            {
                furniture.Add(line.Block);
            }
        }

        return furniture.Count == 0 ? skipped : [.. skipped, .. furniture];
    }

    private static bool IsDateLine(BlockLines.Line line) =>
        DateLineTags.Contains(line.Block.Name) && line.Text <= DateLines.MaxChars && line.Whole is { } text && DateLines.IsDateOnly(text);

    private static bool IsLinkLine(BlockLines lines, BlockLines.Line line) =>
        LinkLineTags.Contains(line.Block.Name) && line.Text <= LinkLineMaxChars && !lines.HoldsLines(line)
        && (line.Links * 10 >= line.Text * 9 || line.Marked && line.Text - line.Links <= LinkLabelMaxChars && line.Links * 5 >= line.Text * 3);

    private static bool InRun(List<bool> linkLines, int i)
    {
        var start = i;
        while (start > 0 && linkLines[start - 1])
        {
            start--;
        }

        var end = i;
        while (end < linkLines.Count - 1 && linkLines[end + 1])
        {
            end++;
        }

        return end - start + 1 >= LinkRun;
    }

    // An article's own header holds its headline and may hold its lead; its short lines besides those are the kicker,
    // the byline, the category and the reading time.
    private static bool IsHeaderLine(BlockLines.Line line, HtmlNode root) =>
        line.Text < HeaderLineMaxChars && line.Block.Name is not ("h1" or "h2" or "h3" or "header")
        && HtmlTree.Ancestor(line.Block, "header") is { } header && HtmlTree.IsAncestorOrSelf(root, header) && header != root;

    private static bool IsCallToAction(BlockLines.Line line) =>
        line.Block.Name == "p" && line.Text <= CallToActionMaxChars && line.Whole is { } text && CallToAction().IsMatch(text);

    // The publisher speaking to the reader about itself: an imperative to subscribe, follow or download its app, or a
    // statement of its rights. Bare words ("subscribers", "copyright", "suscribió un convenio") are not enough.
    [GeneratedRegex("""
        \b(?:subscribe\s+(?:now|today|to\s+(?:our|the))|sign\s+up\s+for\s+(?:our|the)\s+newsletter|follow\s+us\s+on
          |download\s+(?:our|the)\s+(?:\w+\s+)?apps?\b|all\s+rights\s+reserved|without\s+(?:the\s+)?written\s+permission
          |suscr[ií]bete|suscr[ií]base|s[ií]guenos\s+en|todos\s+los\s+derechos\s+reservados
          |jetzt\s+abonnieren|abonnieren\s+sie|folgen\s+sie\s+uns|alle\s+rechte\s+vorbehalten
          |abonnez-vous|suivez-nous|tous\s+droits\s+réservés)
        """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CallToAction();
}
