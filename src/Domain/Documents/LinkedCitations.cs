using CitationMonitor.Domain.Extraction;

namespace CitationMonitor.Domain.Documents;

/// <summary>A link of a document: its target, and where its visible text stands in the document's text (<c>Start == End</c> when it shows none).</summary>
internal sealed record TextLink(string Target, int Start, int End);

/// <summary>Something read from a document, and the offset in the document's text where it stands.</summary>
internal readonly record struct Placed<T>(int Offset, T Item);

/// <summary>What a document's text and links cite, each with its place in the text.</summary>
internal sealed record LinkedRead(IReadOnlyList<Placed<CitedUrl>> Citations, IReadOnlyList<Placed<SkippedText>> Skipped);

/// <summary>
/// The citations of a document that has both text and links (a PDF's annotations, a Word file's hyperlinks): every URL
/// of the text as <see cref="CitationExtractor"/> finds it (a URL wrapped across lines or pages joined), its context its
/// sentence, and every link
/// whose target is an http(s) URL, its context the link's text (<see cref="LinkContexts"/>). A link laid over the very
/// URL its text shows is that one citation: the link goes to the skipped list as a
/// <see cref="SkipReasons.Duplicate"/>. A link split in pieces (one per line, as word processors write them) is one link.
/// </summary>
internal static class LinkedCitations
{
    /// <summary>
    /// Reads <paramref name="text"/> (lines separated by <c>\n</c> only) and its <paramref name="links"/>;
    /// <paramref name="footnoteAt"/> tells the footnote standing at an offset of the text (null when in none).
    /// </summary>
    public static LinkedRead Read(string text, IReadOnlyList<TextLink> links, Func<int, string?> footnoteAt)
    {
        var lines = new List<string>(text.Split('\n'));
        var lineStarts = new int[lines.Count];
        for (var i = 1; i < lines.Count; i++)
        {
            lineStarts[i] = lineStarts[i - 1] + lines[i - 1].Length + 1;
        }

        var located = CitationExtractor.Locate(text);
        var citations = new List<Placed<CitedUrl>>();
        var shown = new List<(int Start, int End, string Key)>();
        foreach (var found in located.Citations)
        {
            var start = lineStarts[found.Start.Line] + found.Start.Column;
            var end = lineStarts[found.End.Line] + found.End.Column;
            shown.Add((start, end, found.Citation.Normalized.Key));

            // The sentence around the URL, which a line of a page or a note may hold only part of.
            var context = LinkContexts.SentenceAround(text, start, end, found.Citation.Url);
            citations.Add(new(start, found.Citation with { Context = context, Footnote = footnoteAt(start) }));
        }

        var joined = Joined(text, links);
        var skipped = new List<Placed<SkippedText>>();
        foreach (var found in located.Skipped)
        {
            // What the text shows and a link lies over (a mailto: link on the address it shows) is the link's to report.
            var (start, end) = (lineStarts[found.Start.Line] + found.Start.Column, lineStarts[found.End.Line] + found.End.Column);
            if (!joined.Any(link => link.Start < end && start < link.End))
            {
                skipped.Add(new(start, found.Skipped));
            }
        }

        foreach (var link in joined)
        {
            var target = link.Target.Trim();
            var normalized = LinkTargets.Classify(target, out var reason);
            if (normalized is null)
            {
                skipped.Add(new(link.Start, new SkippedText(target, reason!)));
            }
            else if (shown.Any(s => s.Key == normalized.Key && s.Start < link.End && link.Start < s.End))
            {
                skipped.Add(new(link.Start, new SkippedText(target, SkipReasons.Duplicate)));
            }
            else
            {
                citations.Add(new(link.Start, LinkCitation(text, lines, lineStarts, link, target, normalized) with { Footnote = footnoteAt(link.Start) }));
            }
        }

        return new LinkedRead(citations, skipped);
    }

    private static CitedUrl LinkCitation(string text, List<string> lines, int[] lineStarts, TextLink link, string target, NormalizedUrl normalized)
    {
        var (line, column) = Position(lineStarts, link.Start);
        if (link.End <= link.Start)
        {
            // A link over no text (an image, an empty area) says nothing but its target.
            return new CitedUrl(target, normalized, target, line + 1);
        }

        var (endLine, endColumn) = Position(lineStarts, link.End);
        return new CitedUrl(target, normalized, LinkContexts.Around(text, link.Start, link.End), line + 1)
        {
            Quote = CitationSurroundings.QuoteNear(lines, line, column, endLine, endColumn),
        };
    }

    /// <summary>Consecutive pieces of one link (same target, only whitespace between their texts) as one link.</summary>
    private static List<TextLink> Joined(string text, IReadOnlyList<TextLink> links)
    {
        var joined = new List<TextLink>();
        foreach (var link in links)
        {
            if (joined.Count > 0 && joined[^1] is var last && last.Target == link.Target && last.End > last.Start
                && link.End > link.Start && link.Start >= last.End && string.IsNullOrWhiteSpace(text[last.End..link.Start]))
            {
                joined[^1] = last with { End = link.End };
                continue;
            }

            joined.Add(link);
        }

        return joined;
    }

    private static (int Line, int Column) Position(int[] lineStarts, int offset)
    {
        var line = Array.BinarySearch(lineStarts, offset);
        line = line >= 0 ? line : ~line - 1;
        return (line, offset - lineStarts[line]);
    }
}
