using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Quotes;

/// <summary>A cited passage beside the closest text its source holds, each as written, with what differs marked.</summary>
/// <param name="Cited">The passage: its unchanged and its deleted words.</param>
/// <param name="Found">The closest text: its unchanged and its inserted words.</param>
public sealed record QuoteSides(IReadOnlyList<DiffSegment> Cited, IReadOnlyList<DiffSegment> Found);

/// <summary>
/// How a cited passage differs from what its source holds: words compared as <see cref="QuoteMatcher.Find"/> compares
/// them (case, accents, quote marks and the punctuation at their edges folded), shown as written.
/// </summary>
public static class QuoteDiffs
{
    /// <summary>
    /// The change of a cited passage: from <paramref name="passage"/> as quoted to the closest text the source holds now
    /// (<see cref="QuoteMatch.Match"/> when altered, the passage itself when found, nothing when missing). Its diff deletes
    /// the passage's words the source no longer holds and inserts the words that stand in their place, each in its
    /// original case and punctuation; its similarity is <see cref="WordSimilarity.Of"/> of the two, the very figure of
    /// the match's <see cref="QuoteMatch.Similarity"/> when altered (0 when missing).
    /// </summary>
    public static TextComparison Compare(string passage, QuoteMatch match)
    {
        ArgumentNullException.ThrowIfNull(passage);
        ArgumentNullException.ThrowIfNull(match);
        return Compare(passage, match.Status switch
        {
            QuoteStatus.Found => passage,
            QuoteStatus.Altered => match.Match ?? "",
            _ => "",
        });
    }

    /// <summary>
    /// Two versions of a passage compared word by word: unchanged and deleted words as <paramref name="before"/> writes
    /// them, inserted words as <paramref name="after"/> does. Long unchanged runs are shortened to
    /// <paramref name="equalContextWords"/> words of context, as in <see cref="TextComparer.Compare(string, string, int)"/>.
    /// </summary>
    public static TextComparison Compare(string before, string after, int equalContextWords = 30)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var (old, @new) = (new QuoteText(before).Words, new QuoteText(after).Words);
        return TextComparer.Compare(
            QuoteText.Folded(old), QuoteText.Folded(@new), QuoteText.Written(old), QuoteText.Written(@new), equalContextWords);
    }

    /// <summary>
    /// The cited passage and the closest text side by side, whole and as written: the passage's words the source no
    /// longer holds marked deleted, the source's words in their place marked inserted.
    /// </summary>
    public static QuoteSides SideBySide(string cited, string found)
    {
        ArgumentNullException.ThrowIfNull(cited);
        ArgumentNullException.ThrowIfNull(found);
        var (old, @new) = (new QuoteText(cited).Words, new QuoteText(found).Words);
        var (citedSide, foundSide) = (new List<DiffSegment>(), new List<DiffSegment>());
        foreach (var run in TextComparer.Align(QuoteText.Folded(old), QuoteText.Folded(@new)))
        {
            if (run.Type != DiffType.Insert)
            {
                citedSide.Add(new DiffSegment(run.Type, string.Join(' ', QuoteText.Written(old.GetRange(run.OldStart, run.Count)))));
            }

            if (run.Type != DiffType.Delete)
            {
                foundSide.Add(new DiffSegment(run.Type, string.Join(' ', QuoteText.Written(@new.GetRange(run.NewStart, run.Count)))));
            }
        }

        return new QuoteSides(citedSide, foundSide);
    }

    /// <summary>The words two passages share in order, as <see cref="Compare(string, string, int)"/> counts them, for words already split.</summary>
    internal static int SharedWords(IReadOnlyList<QuoteWord> passage, IReadOnlyList<QuoteWord> closest) =>
        TextComparer.Align(QuoteText.Folded(passage), QuoteText.Folded(closest)).Where(r => r.Type == DiffType.Equal).Sum(r => r.Count);
}
