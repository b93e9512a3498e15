using System.Text;
using UglyToad.PdfPig.Actions;
using UglyToad.PdfPig.Annotations;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// A line of a PDF page: its text, its baseline's height on the page (in the direction of the page's text: larger is
/// higher) and the size of most of its letters.
/// </summary>
internal sealed record PdfLine(string Text, double Height, double Size);

/// <summary>Where a link's visible text stands on its page: columns <paramref name="Start"/>..<paramref name="End"/> of line <paramref name="Line"/>.</summary>
internal readonly record struct PdfSpan(int Line, int Start, int End);

/// <summary>A link annotation of a page: its target and the pieces of text under it (none when it covers no text).</summary>
internal sealed record PdfLink(string Target, IReadOnlyList<PdfSpan> Spans);

/// <summary>A page's lines in content order, and its links in the order their text is read.</summary>
internal sealed record PdfPageText(IReadOnlyList<PdfLine> Lines, IReadOnlyList<PdfLink> Links)
{
    /// <summary>A letter this much of the font size further along than the previous one's end starts a new word.</summary>
    private const double WordGap = 0.17;

    /// <summary>A letter whose baseline moves more than this much of the font size starts a new line (superscripts do not).</summary>
    private const double LineShift = 0.5;

    /// <summary>Reads a page's letters (in the order the page draws them) into lines, and finds the text under each link.</summary>
    public static PdfPageText Read(Page page)
    {
        var frame = Frame.Of(DominantOrientation(page.Letters));
        var lines = new List<LineBuilder>();
        LineBuilder? line = null;
        Letter? previous = null;
        foreach (var letter in page.Letters)
        {
            if (letter.TextOrientation != frame.Orientation || string.IsNullOrEmpty(letter.Value))
            {
                continue;
            }

            if (line is null || previous is null || StartsLine(frame, previous, letter))
            {
                line = new LineBuilder();
                lines.Add(line);
            }
            else if (StartsWord(frame, previous, letter))
            {
                line.Append(' ', null, 0, 0);
            }

            foreach (var c in letter.Value)
            {
                line.Append(c is '\r' or '\n' or '\u2028' or '\u2029' or '\f' ? ' ' : c, frame.Centre(letter), letter.PointSize, frame.Height(letter.StartBaseLine));
            }

            previous = letter;
        }

        var links = page.GetAnnotations()
            .Where(a => a.Type == AnnotationType.Link)
            .Select(a => (Annotation: a, Target: Target(a)))
            .Where(a => a.Target is not null)
            .Select(a => new PdfLink(a.Target!, Spans(lines, Areas(a.Annotation))))
            .OrderBy(l => l.Spans.Count == 0 ? int.MaxValue : l.Spans[0].Line)
            .ThenBy(l => l.Spans.Count == 0 ? 0 : l.Spans[0].Start)
            .ToList();
        return new PdfPageText([.. lines.Select(l => l.ToLine())], links);
    }

    /// <summary>A URI action's target; a launch action's file, which is no web address either but is said so.</summary>
    private static string? Target(Annotation annotation) => annotation.Action switch
    {
        UriAction uri => uri.Uri ?? "",
        LaunchAction { FileName: { } file } => file.Contains(':', StringComparison.Ordinal) ? file : "file:" + file,
        _ => null,
    };

    /// <summary>The areas a link covers: its quadrilaterals when it has them (a link over two lines), else its rectangle.</summary>
    private static List<PdfRectangle> Areas(Annotation annotation) =>
        annotation.QuadPoints is { Count: > 0 } quads
            ? [.. quads.Select(q => Bounds([.. q.Points]))]
            : [annotation.Rectangle];

    private static PdfRectangle Bounds(IReadOnlyList<PdfPoint> points) =>
        new(points.Min(p => p.X), points.Min(p => p.Y), points.Max(p => p.X), points.Max(p => p.Y));

    private static List<PdfSpan> Spans(List<LineBuilder> lines, List<PdfRectangle> areas)
    {
        var spans = new List<PdfSpan>();
        for (var i = 0; i < lines.Count; i++)
        {
            int first = -1, last = -1;
            var centres = lines[i].Centres;
            for (var column = 0; column < centres.Count; column++)
            {
                if (centres[column] is { } centre && areas.Any(area => Contains(area, centre)))
                {
                    first = first < 0 ? column : first;
                    last = column;
                }
            }

            if (first >= 0)
            {
                spans.Add(new PdfSpan(i, first, last + 1));
            }
        }

        return spans;
    }

    private static bool Contains(PdfRectangle area, PdfPoint point) =>
        point.X >= Math.Min(area.Left, area.Right) && point.X <= Math.Max(area.Left, area.Right)
        && point.Y >= Math.Min(area.Bottom, area.Top) && point.Y <= Math.Max(area.Bottom, area.Top);

    private static bool StartsLine(Frame frame, Letter previous, Letter letter)
    {
        var size = Math.Max(Math.Max(previous.PointSize, letter.PointSize), 1);
        var shift = Math.Abs(frame.Height(letter.StartBaseLine) - frame.Height(previous.StartBaseLine));
        var back = frame.Along(previous.StartBaseLine) - frame.Along(letter.StartBaseLine);
        return shift > LineShift * size || back > size;
    }

    private static bool StartsWord(Frame frame, Letter previous, Letter letter)
    {
        if (string.IsNullOrWhiteSpace(previous.Value) || string.IsNullOrWhiteSpace(letter.Value))
        {
            return false;
        }

        var size = Math.Max(Math.Min(previous.PointSize, letter.PointSize), 1);
        var gap = frame.Along(letter.StartBaseLine) - frame.Along(previous.EndBaseLine);
        // A change of size with no space between (a footnote mark and its note) still separates words.
        var resized = Math.Max(previous.PointSize, letter.PointSize) > 1.3 * size;
        return gap > WordGap * size || resized;
    }

    private static TextOrientation DominantOrientation(IReadOnlyList<Letter> letters) =>
        letters.Count == 0
            ? TextOrientation.Horizontal
            : letters.GroupBy(l => l.TextOrientation).MaxBy(g => g.Count())!.Key;

    /// <summary>The directions of the page's text: along its lines, and up from one line to the one above.</summary>
    private readonly record struct Frame(TextOrientation Orientation, double AlongX, double AlongY, double UpX, double UpY)
    {
        public static Frame Of(TextOrientation orientation) => orientation switch
        {
            TextOrientation.Rotate90 => new(orientation, 0, -1, 1, 0),
            TextOrientation.Rotate180 => new(orientation, -1, 0, 0, -1),
            TextOrientation.Rotate270 => new(orientation, 0, 1, -1, 0),
            _ => new(orientation, 1, 0, 0, 1),
        };

        public double Along(PdfPoint p) => (p.X * AlongX) + (p.Y * AlongY);

        public double Height(PdfPoint p) => (p.X * UpX) + (p.Y * UpY);

        /// <summary>The middle of a letter: halfway along its baseline, a third of its size up.</summary>
        public PdfPoint Centre(Letter letter)
        {
            var up = letter.PointSize / 3;
            return new PdfPoint(
                ((letter.StartBaseLine.X + letter.EndBaseLine.X) / 2) + (UpX * up),
                ((letter.StartBaseLine.Y + letter.EndBaseLine.Y) / 2) + (UpY * up));
        }
    }

    private sealed class LineBuilder
    {
        private readonly StringBuilder _text = new();
        private readonly List<double> _sizes = [];
        private readonly List<double> _heights = [];

        public List<PdfPoint?> Centres { get; } = [];

        public void Append(char c, PdfPoint? centre, double size, double height)
        {
            _text.Append(c);
            Centres.Add(centre);
            if (!char.IsWhiteSpace(c))
            {
                _sizes.Add(Math.Round(size * 2) / 2);
                _heights.Add(height);
            }
        }

        /// <summary>The line, its size the one most of its letters have, its height their median (a raised mark moves neither).</summary>
        public PdfLine ToLine() => new(
            _text.ToString(),
            _heights.Count == 0 ? 0 : _heights.Order().ElementAt(_heights.Count / 2),
            _sizes.Count == 0 ? 0 : _sizes.GroupBy(s => s).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key);
    }
}
