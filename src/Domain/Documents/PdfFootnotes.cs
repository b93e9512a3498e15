using System.Globalization;
using System.Text.RegularExpressions;

namespace CitationMonitor.Domain.Documents;

/// <summary>
/// A footnote of a PDF page: its number (null for text in the notes area without one), its lines top to bottom, and how
/// many characters of its first line are the number and the space after it.
/// </summary>
internal sealed record PdfNote(string? Label, IReadOnlyList<int> Lines, int MarkLength);

/// <summary>
/// Finds the footnotes at the bottom of a PDF page: the lines below the body set in a smaller font than most of the
/// document, or, when notes are set in the body's size, the lines below a wider gap than the page's line spacing whose
/// first starts with a number. A line starting with the next number begins the next note; other lines continue the
/// note above.
/// </summary>
internal static partial class PdfFootnotes
{
    /// <summary>A line smaller than this much of the body's size is footnote size.</summary>
    private const double SmallerFont = 0.9;

    /// <summary>A gap wider than this many times the page's usual line spacing sets notes apart from the body.</summary>
    private const double SetApart = 1.5;

    /// <param name="lines">The page's lines.</param>
    /// <param name="kept">The lines of the page that are text (page numbers left out), top to bottom.</param>
    /// <param name="bodySize">The size most of the document's text is set in.</param>
    public static IReadOnlyList<PdfNote> Find(IReadOnlyList<PdfLine> lines, IReadOnlyList<int> kept, double bodySize)
    {
        var area = SmallPrint(lines, kept, bodySize) ?? NumberedBelowGap(lines, kept);
        return area is null ? [] : Notes(lines, area);
    }

    private static List<int>? SmallPrint(IReadOnlyList<PdfLine> lines, IReadOnlyList<int> kept, double bodySize)
    {
        var top = kept.Count;
        while (top > 0 && lines[kept[top - 1]].Size < SmallerFont * bodySize)
        {
            top--;
        }

        // A page all in small print is the body of that page (a page of notes is still read, as body text).
        return top > 0 && top < kept.Count ? [.. kept.Skip(top)] : null;
    }

    private static List<int>? NumberedBelowGap(IReadOnlyList<PdfLine> lines, IReadOnlyList<int> kept)
    {
        if (kept.Count < 3)
        {
            return null;
        }

        var gaps = new List<double>();
        for (var i = 1; i < kept.Count; i++)
        {
            gaps.Add(lines[kept[i - 1]].Height - lines[kept[i]].Height);
        }

        var usual = gaps.Order().ElementAt(gaps.Count / 2);
        var middle = (lines[kept[0]].Height + lines[kept[^1]].Height) / 2;
        for (var i = kept.Count - 1; i >= 1; i--)
        {
            if (gaps[i - 1] > SetApart * usual)
            {
                return NoteMark().IsMatch(lines[kept[i]].Text) && lines[kept[i]].Height < middle ? [.. kept.Skip(i)] : null;
            }
        }

        return null;
    }

    private static List<PdfNote> Notes(IReadOnlyList<PdfLine> lines, List<int> area)
    {
        var notes = new List<(string? Label, List<int> Lines, int MarkLength)>();
        int? expected = null;
        foreach (var index in area)
        {
            var mark = NoteMark().Match(lines[index].Text);
            var number = mark.Success ? int.Parse(mark.Groups["n"].Value, CultureInfo.InvariantCulture) : (int?)null;
            if (number is not null && (notes.Count == 0 || expected is null || number == expected))
            {
                notes.Add((number.Value.ToString(CultureInfo.InvariantCulture), [index], mark.Length));
                expected = number + 1;
            }
            else if (notes.Count == 0)
            {
                notes.Add((null, [index], 0));
            }
            else
            {
                notes[^1].Lines.Add(index);
            }
        }

        return [.. notes.Select(n => new PdfNote(n.Label, n.Lines, n.MarkLength))];
    }

    // "12 Text", "12. Text", "12) Text", or "12Text" where the mark was set apart only by its size.
    [GeneratedRegex(@"^\s*(?<n>[0-9]{1,3})(?:[.)]?\s+|(?=\p{L}))", RegexOptions.CultureInvariant)]
    private static partial Regex NoteMark();
}
