using CitationMonitor.Domain.Documents;

namespace CitationMonitor.Domain.Extraction;

/// <summary>What <see cref="CitationExtractor.ExtractWithSkipped"/> finds in a text: its citations and what it left out, each in order of appearance.</summary>
/// <param name="Citations">Every URL occurrence, exactly as <see cref="CitationExtractor.Extract"/> finds them.</param>
/// <param name="Skipped">What looked like a citation and is not one (see <see cref="SkipReasons"/>).</param>
public sealed record ExtractedCitations(IReadOnlyList<CitedUrl> Citations, IReadOnlyList<SkippedText> Skipped);

/// <summary>A place in a text split into lines: the 0-based line and the 0-based column in it.</summary>
internal readonly record struct TextPoint(int Line, int Column) : IComparable<TextPoint>
{
    public int CompareTo(TextPoint other) => Line != other.Line ? Line.CompareTo(other.Line) : Column.CompareTo(other.Column);
}

/// <summary>A citation found in a text, with where it starts and ends (the end is exclusive).</summary>
internal sealed record LocatedCitation(CitedUrl Citation, TextPoint Start, TextPoint End);

/// <summary>A piece of a text left out of its citations, with where it starts and ends (the end is exclusive).</summary>
internal sealed record LocatedSkip(SkippedText Skipped, TextPoint Start, TextPoint End);

/// <summary>A text's lines, and what <see cref="CitationExtractor.Locate"/> found in them, in order of appearance.</summary>
internal sealed record LocatedText(List<string> Lines, List<LocatedCitation> Citations, List<LocatedSkip> Skipped);
