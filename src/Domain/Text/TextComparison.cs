namespace CitationMonitor.Domain.Text;

/// <summary>The word-level difference between two extracted texts.</summary>
/// <param name="Changed">Whether the texts differ as word sequences (whitespace and line breaks alone do not count).</param>
/// <param name="Similarity">
/// <see cref="WordSimilarity.Of"/> of the two texts: 2 × equal words / (old words + new words), in 0..1; 1 when both are empty.
/// </param>
/// <param name="InsertedWords">Words only in the new text.</param>
/// <param name="DeletedWords">Words only in the old text.</param>
/// <param name="Diff">
/// Segments in text order; adjacent segments never share a type, and a change shows its deletion before its insertion.
/// Long equal runs are shortened to context around the changes. Empty when nothing changed.
/// </param>
public sealed record TextComparison(bool Changed, double Similarity, int InsertedWords, int DeletedWords, IReadOnlyList<DiffSegment> Diff);
