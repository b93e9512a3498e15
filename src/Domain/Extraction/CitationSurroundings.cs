using System.Text;
using CitationMonitor.Domain.Quotes;

namespace CitationMonitor.Domain.Extraction;

/// <summary>
/// What surrounds a URL found in a document: its context (the line around it, whitespace collapsed, at most
/// <see cref="MaxContextLength"/> characters centred on the URL) and the quotation nearest to it in its paragraph.
/// </summary>
internal static class CitationSurroundings
{
    private const int MaxContextLength = 300;
    private const string Ellipsis = "…";

    /// <summary>Lines looked at around a URL for its paragraph: enough for any paragraph, bounded for text without blank lines.</summary>
    private const int ParagraphReach = 15;

    /// <summary>The quotation nearest to the URL within its paragraph (the lines around it up to blank lines).</summary>
    public static string? QuoteNear(List<string> lines, int line, int column, int endLine, int endColumn)
    {
        var first = line;
        while (first > 0 && line - first < ParagraphReach && !string.IsNullOrWhiteSpace(lines[first - 1]))
        {
            first--;
        }

        var last = endLine;
        while (last < lines.Count - 1 && last - endLine < ParagraphReach && !string.IsNullOrWhiteSpace(lines[last + 1]))
        {
            last++;
        }

        var paragraph = new StringBuilder();
        int start = 0, end = 0;
        for (var i = first; i <= last; i++)
        {
            start = i == line ? paragraph.Length + column : start;
            end = i == endLine ? paragraph.Length + endColumn : end;
            paragraph.Append(lines[i]).Append('\n');
        }

        return QuotedPassages.Nearest(paragraph.ToString(), start, end);
    }

    public static string Context(string before, string url, string after)
    {
        var left = Collapse(before).TrimStart();
        var right = Collapse(after).TrimEnd();
        var context = left + url + right;
        if (context.Length <= MaxContextLength)
        {
            return context;
        }

        if (url.Length >= MaxContextLength - 1)
        {
            return url[..(MaxContextLength - 1)] + Ellipsis;
        }

        // Centre a window on the URL; give what one side cannot use to the other.
        var budget = MaxContextLength - (2 * Ellipsis.Length) - url.Length;
        var takeLeft = Math.Min(left.Length, budget / 2);
        var takeRight = Math.Min(right.Length, budget - takeLeft);
        takeLeft = Math.Min(left.Length, budget - takeRight);

        var head = left[(left.Length - takeLeft)..];
        if (takeLeft < left.Length)
        {
            // Do not start in the middle of a word.
            var space = head.IndexOf(' ', StringComparison.Ordinal);
            head = Ellipsis + (space >= 0 ? head[(space + 1)..] : head);
        }

        var tail = right[..takeRight];
        if (takeRight < right.Length)
        {
            var space = tail.LastIndexOf(' ');
            tail = (space > 0 ? tail[..space] : tail) + Ellipsis;
        }

        return head + url + tail;
    }

    private static string Collapse(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (CitationExtractor.IsInvisible(c))
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
        }

        if (pendingSpace)
        {
            sb.Append(' ');
        }

        return sb.ToString();
    }
}
