using System.Globalization;
using System.Text;

namespace CitationMonitor.Api.Tests.Outside;

/// <summary>
/// A PDF written object by object, as a word processor's "save as PDF" lays it out: Letter pages of Courier lines, 10
/// points for the body and 8 for notes (every letter 0.6 of the size wide, so a word's place on its line is known
/// exactly), WinAnsi text with accents, and URI link annotations laid over chosen words.
/// </summary>
internal sealed class HandWrittenPdf
{
    public const double Left = 72;
    public const double Top = 720;
    public const double BodySize = 10;
    public const double NoteSize = 8;

    /// <summary>Every Courier letter is this much of the font size wide.</summary>
    public const double LetterWidth = 0.6;

    private readonly List<Page> _pages = [];

    /// <summary>Starts a new page; the lines added after it go on it.</summary>
    public HandWrittenPdf NewPage()
    {
        _pages.Add(new Page());
        return this;
    }

    /// <summary>A line of body text below the last one of the current page.</summary>
    public HandWrittenPdf Line(string text) => Line(text, []);

    /// <summary>
    /// A line of body text, and over each of <paramref name="links"/> (a word or words of the line, the first time they
    /// occur) a link annotation to its target.
    /// </summary>
    public HandWrittenPdf Line(string text, params (string Words, string Target)[] links) => Add(text, BodySize, links);

    /// <summary>A line in footnote size (8 points), as notes are set.</summary>
    public HandWrittenPdf NoteLine(string text) => Add(text, NoteSize, []);

    /// <summary>White space of <paramref name="points"/> before the next line, as before a page's notes.</summary>
    public HandWrittenPdf Gap(double points)
    {
        if (_pages.Count == 0)
        {
            NewPage();
        }

        _pages[^1].Y -= points;
        return this;
    }

    private HandWrittenPdf Add(string text, double size, (string Words, string Target)[] links)
    {
        if (_pages.Count == 0)
        {
            NewPage();
        }

        var page = _pages[^1];
        var baseline = page.Y;
        page.Y -= size * 1.4;
        page.Lines.Add((text, size, baseline));
        var letter = size * LetterWidth;
        foreach (var (words, target) in links)
        {
            var at = text.IndexOf(words, StringComparison.Ordinal);
            if (at < 0)
            {
                throw new ArgumentException($"'{words}' is not in '{text}'", nameof(links));
            }

            var x = Left + (letter * at);
            page.Links.Add(([x + 0.5, baseline - (0.25 * size), x + (letter * words.Length) - 0.5, baseline + (0.85 * size)], target));
        }

        return this;
    }

    public byte[] ToBytes()
    {
        // Objects: 1 catalog, 2 pages, 3 font; then per page: the page, its content stream, its annotations.
        var objects = new List<string?> { null, null, null };
        var pageIds = new List<int>();
        foreach (var page in _pages)
        {
            var pageId = objects.Count + 1;
            var contentId = pageId + 1;
            objects.Add(null);
            objects.Add(Stream(Content(page)));
            var annotationIds = new List<int>();
            foreach (var (rect, target) in page.Links)
            {
                annotationIds.Add(objects.Count + 1);
                objects.Add(
                    $"<< /Type /Annot /Subtype /Link /Rect [{string.Join(' ', rect.Select(Number))}] /Border [0 0 0] "
                    + $"/A << /Type /Action /S /URI /URI {Literal(target)} >> >>");
            }

            var annots = annotationIds.Count == 0 ? string.Empty : $" /Annots [{string.Join(' ', annotationIds.Select(id => $"{id} 0 R"))}]";
            objects[pageId - 1] =
                $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {contentId} 0 R{annots} >>";
            pageIds.Add(pageId);
        }

        objects[0] = "<< /Type /Catalog /Pages 2 0 R >>";
        objects[1] = $"<< /Type /Pages /Kids [{string.Join(' ', pageIds.Select(id => $"{id} 0 R"))}] /Count {pageIds.Count} >>";
        objects[2] = "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>";

        using var output = new MemoryStream();
        Write(output, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(output.Position);
            Write(output, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = output.Position;
        var table = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        Write(output, table.ToString());
        return output.ToArray();
    }

    private static string Content(Page page)
    {
        var content = new StringBuilder("BT\n");
        foreach (var (text, size, baseline) in page.Lines)
        {
            content.Append(CultureInfo.InvariantCulture, $"/F1 {Number(size)} Tf\n1 0 0 1 {Number(Left)} {Number(baseline)} Tm\n");
            content.Append(Literal(text)).Append(" Tj\n");
        }

        return content.Append("ET\n").ToString();
    }

    private static string Stream(string content) => $"<< /Length {Encoding.Latin1.GetByteCount(content)} >>\nstream\n{content}endstream";

    /// <summary>A PDF string literal in WinAnsi: brackets and backslashes escaped, letters past ASCII as octal escapes.</summary>
    private static string Literal(string text)
    {
        var literal = new StringBuilder("(");
        foreach (var c in text)
        {
            if (c is '(' or ')' or '\\')
            {
                literal.Append('\\').Append(c);
            }
            else if (c > 126)
            {
                literal.Append('\\').Append(Convert.ToString(Encoding.Latin1.GetBytes([c])[0], 8).PadLeft(3, '0'));
            }
            else
            {
                literal.Append(c);
            }
        }

        return literal.Append(')').ToString();
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static void Write(Stream output, string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        output.Write(bytes);
    }

    private sealed class Page
    {
        public double Y { get; set; } = Top;

        public List<(string Text, double Size, double Baseline)> Lines { get; } = [];

        public List<(double[] Rect, string Target)> Links { get; } = [];
    }
}
