using System.Text;
using System.Text.RegularExpressions;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// A PDF's text as one string: the body of every page in order, each page's first line after a form feed so that a URL
/// cut at the bottom of a page joins its end at the top of the next, then the footnotes of every page, each its own
/// paragraph, without its number (which is kept beside it). Page numbers standing alone at the top or bottom of a page
/// are left out; a gap wider than the page's usual line spacing becomes a blank line (a new paragraph).
/// </summary>
internal sealed partial class PdfText
{
    /// <summary>A gap this many times the page's usual line spacing starts a new paragraph.</summary>
    private const double ParagraphGap = 1.5;

    private readonly StringBuilder _text = new();
    private readonly List<TextLine> _lines = [];
    private readonly Dictionary<(int Page, int Line), (int Offset, int Shift, int Length)> _written = [];

    private PdfText()
    {
    }

    /// <summary>The text, lines separated by <c>\n</c>.</summary>
    public string Text => _text.ToString();

    /// <summary>Every link of every page, its text's place in <see cref="Text"/>, in the order of the text.</summary>
    public IReadOnlyList<TextLink> Links { get; private set; } = [];

    /// <summary>The number of the footnote the text at <paramref name="offset"/> stands in; null in the body.</summary>
    public string? FootnoteAt(int offset) => LineAt(offset).Note;

    /// <summary>The page (1-based) of the text at <paramref name="offset"/>, and whether it is in that page's footnotes.</summary>
    public (int Page, bool InNotes) PlaceOf(int offset)
    {
        var line = LineAt(offset);
        return (line.Page, line.InNotes);
    }

    public static PdfText Build(IReadOnlyList<PdfPageText> pages)
    {
        var text = new PdfText();
        var bodySize = BodySize(pages);
        var notes = new List<(int Page, IReadOnlyList<PdfNote> Notes)>();
        for (var page = 0; page < pages.Count; page++)
        {
            var lines = pages[page].Lines;
            var kept = TopToBottom(lines);
            var pageNotes = PdfFootnotes.Find(lines, kept, bodySize);
            notes.Add((page, pageNotes));
            var inNotes = pageNotes.SelectMany(n => n.Lines).ToHashSet();
            var body = kept.Where(i => !inNotes.Contains(i)).ToHashSet();
            text.WriteBody(page, lines, [.. Enumerable.Range(0, lines.Count).Where(body.Contains)]);
        }

        foreach (var (page, pageNotes) in notes)
        {
            foreach (var note in pageNotes)
            {
                text.WriteLine(page, -1, "", inNotes: true, null);
                for (var i = 0; i < note.Lines.Count; i++)
                {
                    text.WriteLine(page, note.Lines[i], pages[page].Lines[note.Lines[i]].Text, inNotes: true, note.Label, skip: i == 0 ? note.MarkLength : 0);
                }
            }
        }

        text.Links = [.. pages.SelectMany((page, index) => page.Links.Select(link => text.Place(index, link))).OrderBy(link => link.Start)];
        return text;
    }

    /// <summary>The size most of the document's letters have: its body text.</summary>
    private static double BodySize(IReadOnlyList<PdfPageText> pages) =>
        pages.SelectMany(p => p.Lines)
            .Where(l => l.Size > 0)
            .GroupBy(l => l.Size)
            .Select(g => (Size: g.Key, Letters: g.Sum(l => l.Text.Length)))
            .OrderByDescending(s => s.Letters)
            .FirstOrDefault().Size;

    /// <summary>The page's lines that hold text, top to bottom, without a page number standing alone at the top or bottom.</summary>
    private static List<int> TopToBottom(IReadOnlyList<PdfLine> lines)
    {
        var kept = Enumerable.Range(0, lines.Count)
            .Where(i => !string.IsNullOrWhiteSpace(lines[i].Text))
            .OrderByDescending(i => lines[i].Height)
            .ToList();
        if (kept.Count > 1 && PageNumber().IsMatch(lines[kept[^1]].Text))
        {
            kept.RemoveAt(kept.Count - 1);
        }

        if (kept.Count > 1 && PageNumber().IsMatch(lines[kept[0]].Text))
        {
            kept.RemoveAt(0);
        }

        return kept;
    }

    private void WriteBody(int page, IReadOnlyList<PdfLine> lines, List<int> body)
    {
        var gaps = body.Zip(body.Skip(1), (a, b) => lines[a].Height - lines[b].Height).Where(g => g > 0).Order().ToList();
        var usual = gaps.Count >= 2 ? gaps[gaps.Count / 2] : double.PositiveInfinity;
        for (var i = 0; i < body.Count; i++)
        {
            if (i > 0 && lines[body[i - 1]].Height - lines[body[i]].Height > ParagraphGap * usual)
            {
                WriteLine(page, -1, "", inNotes: false, null);
            }

            WriteLine(page, body[i], lines[body[i]].Text, inNotes: false, null, pageBreak: i == 0 && _text.Length > 0);
        }
    }

    // line is the page's line written, or -1 for a blank line between paragraphs; skip is how many characters at its
    // start are a footnote's number, left out.
    private void WriteLine(int page, int line, string text, bool inNotes, string? note, int skip = 0, bool pageBreak = false)
    {
        var kept = text[skip..].Trim();
        var shift = skip + text[skip..].Length - text[skip..].TrimStart().Length;
        var prefix = pageBreak ? "\f" : "";
        _lines.Add(new TextLine(_text.Length, page + 1, inNotes, note));
        if (line >= 0)
        {
            _written[(page, line)] = (_text.Length + prefix.Length, shift, kept.Length);
        }

        _text.Append(prefix).Append(kept).Append('\n');
    }

    /// <summary>A page's link placed in the text: from the first to the last character under it, in the part its text starts in.</summary>
    private TextLink Place(int page, PdfLink link)
    {
        var placed = link.Spans
            .Where(s => _written.ContainsKey((page, s.Line)))
            .Select(s => (Start: Offset(page, s.Line, s.Start), End: Offset(page, s.Line, s.End)))
            .ToList();
        if (placed.Count == 0)
        {
            var start = _written.Where(w => w.Key.Page == page).Select(w => w.Value.Offset).DefaultIfEmpty(_text.Length).Min();
            return new TextLink(link.Target, start, start);
        }

        var part = PlaceOf(placed[0].Start).InNotes;
        var same = placed.Where(p => PlaceOf(p.Start).InNotes == part).ToList();
        return new TextLink(link.Target, same.Min(p => p.Start), same.Max(p => p.End));
    }

    private int Offset(int page, int line, int column)
    {
        var (offset, shift, length) = _written[(page, line)];
        return offset + Math.Clamp(column - shift, 0, length);
    }

    private TextLine LineAt(int offset)
    {
        if (_lines.Count == 0)
        {
            return new TextLine(0, 1, false, null);
        }

        var (low, high) = (0, _lines.Count - 1);
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            (low, high) = _lines[mid].Start <= offset ? (mid, high) : (low, mid - 1);
        }

        return _lines[low];
    }

    private sealed record TextLine(int Start, int Page, bool InNotes, string? Note);

    // "12", "- 12 -", "Page 3", "Página 3 de 10", "3 / 10".
    [GeneratedRegex(@"^\s*[-–—]?\s*(?:(?:page|p[áa]g(?:ina)?)\.?\s*)?[0-9]{1,4}(?:\s*(?:/|of|de)\s*[0-9]{1,4})?\s*[-–—]?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PageNumber();
}
