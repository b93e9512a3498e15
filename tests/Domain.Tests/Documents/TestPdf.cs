using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Fonts.Standard14Fonts;

namespace CitationMonitor.Domain.Tests.Documents;

/// <summary>
/// Writes small PDFs object by object (PdfPig's builder draws no accented letters with its standard fonts): A4 pages
/// of Helvetica text in WinAnsi encoding, URI link annotations over any rectangle, a title, and a correct
/// cross-reference table.
/// </summary>
internal sealed class TestPdf
{
    public const double Width = 595;
    public const double Height = 842;
    public const double Left = 72;

    private static readonly Encoding Latin1 = Encoding.Latin1;

    private readonly List<TestPdfPage> _pages = [];

    public string? Title { get; init; }

    public TestPdfPage AddPage()
    {
        var page = new TestPdfPage();
        _pages.Add(page);
        return page;
    }

    public byte[] Build()
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "", // the page tree, once the pages' numbers are known
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            Title is null ? "<< /Producer (TestPdf) >>" : $"<< /Title {TextString(Title)} >>",
        };
        var kids = new List<int>();
        foreach (var page in _pages)
        {
            var content = page.Content();
            objects.Add($"<< /Length {Latin1.GetByteCount(content)} >>\nstream\n{content}\nendstream");
            var contentNumber = objects.Count;
            var annotations = new List<int>();
            foreach (var (area, uri) in page.Links)
            {
                objects.Add(string.Create(CultureInfo.InvariantCulture,
                    $"<< /Type /Annot /Subtype /Link /Rect [{area.Left:0.###} {area.Bottom:0.###} {area.Right:0.###} {area.Top:0.###}] /Border [0 0 0] /A << /S /URI /URI {Literal(uri)} >> >>"));
                annotations.Add(objects.Count);
            }

            var annots = annotations.Count == 0 ? "" : $" /Annots [{string.Join(' ', annotations.Select(a => $"{a} 0 R"))}]";
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {Width} {Height}] /Resources << /Font << /F1 3 0 R >> >> /Contents {contentNumber} 0 R{annots} >>");
            kids.Add(objects.Count);
        }

        objects[1] = $"<< /Type /Pages /Kids [{string.Join(' ', kids.Select(k => $"{k} 0 R"))}] /Count {kids.Count} >>";

        var pdf = new MemoryStream();
        Write(pdf, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            Write(pdf, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Position;
        var table = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        Write(pdf, table.ToString());
        Write(pdf, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    private static void Write(MemoryStream stream, string text) => stream.Write(Latin1.GetBytes(text));

    /// <summary>A PDF literal string, its bytes Latin-1 (WinAnsi for the letters used here).</summary>
    internal static string Literal(string text) =>
        "(" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal) + ")";

    /// <summary>A text string in UTF-16BE with its byte order mark, as the document information holds any title.</summary>
    private static string TextString(string text) => "<FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(text)) + ">";
}

/// <summary>A rectangle on a page, in points from the bottom left corner.</summary>
internal readonly record struct PdfBox(double Left, double Bottom, double Right, double Top);

/// <summary>One page of a <see cref="TestPdf"/>: lines of text from the top down, and links.</summary>
internal sealed class TestPdfPage
{
    private static readonly UglyToad.PdfPig.Fonts.AdobeFontMetrics.AdobeFontMetrics Helvetica =
        Standard14.GetAdobeFontMetrics(Standard14Font.Helvetica);

    private readonly StringBuilder _content = new();

    public List<(PdfBox Area, string Uri)> Links { get; } = [];

    /// <summary>The baseline of the next line.</summary>
    public double Y { get; set; } = 770;

    /// <summary>Writes a line at the left margin, moves down by 1.2 times its size, and returns where it stands.</summary>
    public TestPdfLine Line(string text, double size = 12)
    {
        var line = Text(TestPdf.Left, Y, text, size);
        Y -= size * 1.2;
        return line;
    }

    /// <summary>Moves down by a blank line of the given size.</summary>
    public void Skip(double size = 12) => Y -= size * 1.2;

    public TestPdfLine Text(double x, double y, string text, double size)
    {
        _content.Append(CultureInfo.InvariantCulture, $"BT /F1 {size:0.###} Tf {x:0.###} {y:0.###} Td {TestPdf.Literal(text)} Tj ET\n");
        return new TestPdfLine(text, x, y, size);
    }

    public void Link(PdfBox area, string uri) => Links.Add((area, uri));

    internal string Content() => _content.ToString();

    /// <summary>The width of <paramref name="text"/> in Helvetica of <paramref name="size"/> points.</summary>
    public static double Measure(string text, double size) =>
        Latin1Codes(text).Sum(code => Helvetica.CharacterMetrics[UglyToad.PdfPig.Fonts.Encodings.WinAnsiEncoding.Instance.GetName(code)].Width.X) * size / 1000;

    private static IEnumerable<int> Latin1Codes(string text) => Encoding.Latin1.GetBytes(text).Select(b => (int)b);
}

/// <summary>A line written on a page, which can tell where a piece of it stands.</summary>
internal sealed record TestPdfLine(string Text, double X, double Y, double Size)
{
    /// <summary>The box around the first occurrence of <paramref name="piece"/> in the line.</summary>
    public PdfBox Box(string piece)
    {
        var start = Text.IndexOf(piece, StringComparison.Ordinal);
        Assert.True(start >= 0, $"'{piece}' is not in '{Text}'");
        var left = X + TestPdfPage.Measure(Text[..start], Size);
        return new PdfBox(left, Y - (0.25 * Size), left + TestPdfPage.Measure(piece, Size), Y + (0.9 * Size));
    }

    /// <summary>The box around the whole line.</summary>
    public PdfBox Box() => Box(Text);
}
