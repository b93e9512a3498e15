using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Quotes;

/// <summary>
/// The source's text aligned with a whole passage, near one place of the source: the words that match the passage's,
/// with the words that stand where the passage's other words stood (replacing its first, last or middle words, or
/// inserted between them), and no neighbouring text beyond them.
/// </summary>
internal static class ClosestText
{
    /// <summary>Words of the source looked at on each side of a candidate place, at the least (else half the passage).</summary>
    private const int MinSlack = 3;

    /// <summary>
    /// The closest text to <paramref name="passage"/> near word <paramref name="start"/> of <paramref name="source"/>, as
    /// the source's first and last word; null when no word of the passage is near.
    /// </summary>
    public static (int First, int Last)? Around(IReadOnlyList<QuoteWord> passage, List<QuoteWord> source, int start)
    {
        var slack = Math.Max(MinSlack, passage.Count / 2);
        var from = Math.Max(0, start - slack);
        var to = Math.Min(source.Count, start + passage.Count + slack);
        var runs = TextComparer.Align(QuoteText.Folded(passage), QuoteText.Folded(source.GetRange(from, to - from)))
            .Where(r => r.Type == DiffType.Equal)
            .Select(r => new Run(r.OldStart, from + r.NewStart, r.Count))
            .ToList();
        if (runs.Count == 0)
        {
            return null;
        }

        DropStrayEnds(runs, passage, source);
        return Widened(runs, passage, source);
    }

    /// <summary>Passage words <see cref="A"/>.. and source words <see cref="B"/>.. that are equal, <see cref="Count"/> of them.</summary>
    private readonly record struct Run(int A, int B, int Count)
    {
        public int EndA => A + Count;

        public int EndB => B + Count;
    }

    /// <summary>
    /// Drops a run at either end that the rest of the alignment does not carry: one holding fewer than half the passage
    /// words it stands for (from the next run to that end of the passage), or no more than half when a sentence or
    /// clause ends between it and the next run in the source but not in the passage. Such a run is a common word or two
    /// ("the", "de la") that the diff found in the neighbouring text, not a part of the passage.
    /// </summary>
    private static void DropStrayEnds(List<Run> runs, IReadOnlyList<QuoteWord> passage, List<QuoteWord> source)
    {
        while (runs.Count > 1 && IsStray(runs[^1], passage.Count - runs[^2].EndA, runs[^2], runs[^1], passage, source))
        {
            runs.RemoveAt(runs.Count - 1);
        }

        while (runs.Count > 1 && IsStray(runs[0], runs[1].A, runs[0], runs[1], passage, source))
        {
            runs.RemoveAt(0);
        }
    }

    private static bool IsStray(Run run, int standsFor, Run before, Run after, IReadOnlyList<QuoteWord> passage, List<QuoteWord> source)
    {
        var apart = EndsClause(source, before.EndB - 1, after.B - 1) && !EndsClause(passage, before.EndA - 1, after.A - 1);
        return apart ? 2 * run.Count <= standsFor : 2 * run.Count < standsFor;
    }

    /// <summary>Whether a sentence or clause ends after one of the words <paramref name="from"/>..<paramref name="to"/>.</summary>
    private static bool EndsClause(IReadOnlyList<QuoteWord> words, int from, int to)
    {
        for (var i = from; i <= to; i++)
        {
            if (words[i].EndsClause)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The aligned words, widened at each end over as many source words as the passage has there beyond the runs: the
    /// words that stand where the passage's stood ("within 72 hours" → "within 30 days"). Never across the end of a
    /// sentence or clause that the passage does not have at that place, so a passage whose ending was dropped is not
    /// followed into the next sentence.
    /// </summary>
    private static (int First, int Last) Widened(List<Run> runs, IReadOnlyList<QuoteWord> passage, List<QuoteWord> source)
    {
        var (firstA, first) = (runs[0].A, runs[0].B);
        for (var i = 1; i <= firstA && first > 0; i++)
        {
            if (source[first - 1].EndsClause && !passage[firstA - i].EndsClause)
            {
                break;
            }

            first--;
        }

        var (lastA, last) = (runs[^1].EndA - 1, runs[^1].EndB - 1);
        for (var i = 1; lastA + i < passage.Count && last < source.Count - 1; i++)
        {
            if (source[last].EndsClause && !passage[lastA + i - 1].EndsClause)
            {
                break;
            }

            last++;
        }

        return (first, last);
    }
}
