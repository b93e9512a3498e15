using System.Globalization;
using DiffPlex;

namespace CitationMonitor.Domain.Text;

/// <summary>Compares two extracted texts word by word (DiffPlex's Myers diff over whitespace-separated words).</summary>
/// <remarks>
/// Words are located in the texts (start and length) rather than split into strings: the equal prefix and suffix,
/// usually nearly the whole text, are compared in place, and only the words of changed stretches and the context kept
/// around them are ever copied into strings of their own.
/// </remarks>
public static class TextComparer
{
    private const string Ellipsis = "…";

    // The diff costs time proportional to words × edits. Above this many words between the first and the last
    // difference, lines are aligned first and words are compared only inside changed line blocks.
    private const int MaxWordDiffWords = 20_000;

    private const int MaxChunkWords = 50;

    /// <summary>
    /// Compares <paramref name="oldText"/> with <paramref name="newText"/>. Words are split on whitespace, with
    /// punctuation kept attached; Unicode is compared in NFC.
    /// </summary>
    /// <param name="oldText">The text of the earlier snapshot.</param>
    /// <param name="newText">The text of the later snapshot.</param>
    /// <param name="equalContextWords">
    /// Words kept on each side of a change when an equal run is shortened; a run longer than twice this (or, before
    /// the first and after the last change, longer than this) is shortened with <c>" … "</c>.
    /// </param>
    public static TextComparison Compare(string oldText, string newText, int equalContextWords = 30)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        ArgumentOutOfRangeException.ThrowIfNegative(equalContextWords);

        var oldWords = new WordList(TextNormalizer.ToNfc(oldText));
        var newWords = new WordList(TextNormalizer.ToNfc(newText));
        return Result(Operations(oldWords, newWords), oldWords.Count, newWords.Count, equalContextWords);
    }

    /// <summary>
    /// Compares two lists of words by the form each is compared in, and shows each word as <paramref name="oldShown"/>
    /// and <paramref name="newShown"/> give it (the same count as the compared forms, in the same order): for texts
    /// that are told apart by a folded form but read as written. An unchanged run shows the old words.
    /// </summary>
    internal static TextComparison Compare(
        IReadOnlyList<string> oldCompared, IReadOnlyList<string> newCompared, IReadOnlyList<string> oldShown, IReadOnlyList<string> newShown,
        int equalContextWords)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(oldShown.Count, oldCompared.Count);
        ArgumentOutOfRangeException.ThrowIfNotEqual(newShown.Count, newCompared.Count);
        var oldWords = WordList.Of(oldCompared);
        var (oldShownWords, newShownWords) = (WordList.Of(oldShown), WordList.Of(newShown));
        var operations = Operations(oldWords, WordList.Of(newCompared))
            .ConvertAll(o => o with { Words = o.Words with { List = ReferenceEquals(o.Words.List, oldWords) ? oldShownWords : newShownWords } });
        return Result(operations, oldCompared.Count, newCompared.Count, equalContextWords);
    }

    /// <summary>
    /// How two lists of words, compared whole, turn one into the other: runs of equal (in both), deleted (only in the
    /// old) and inserted (only in the new) words, in order, no two neighbours of one type.
    /// </summary>
    internal static List<AlignedRun> Align(IReadOnlyList<string> oldWords, IReadOnlyList<string> newWords)
    {
        var runs = new List<AlignedRun>();
        var (oldPosition, newPosition) = (0, 0);
        foreach (var (type, words) in Operations(WordList.Of(oldWords), WordList.Of(newWords)).Where(o => o.Words.Count > 0))
        {
            if (runs.Count > 0 && runs[^1].Type == type)
            {
                runs[^1] = runs[^1] with { Count = runs[^1].Count + words.Count };
            }
            else
            {
                runs.Add(new AlignedRun(type, oldPosition, newPosition, words.Count));
            }

            oldPosition += type == DiffType.Insert ? 0 : words.Count;
            newPosition += type == DiffType.Delete ? 0 : words.Count;
        }

        return runs;
    }

    /// <summary>The edit script: equal and deleted words in the old list, inserted words in the new one, in text order.</summary>
    private static List<Operation> Operations(WordList oldWords, WordList newWords)
    {
        var operations = new List<Operation>();
        var prefix = CommonPrefix(oldWords, newWords);
        var suffix = CommonSuffix(oldWords, newWords, prefix);
        var oldMiddle = new WordRange(oldWords, prefix, oldWords.Count - suffix - prefix);
        var newMiddle = new WordRange(newWords, prefix, newWords.Count - suffix - prefix);

        operations.Add(new Operation(DiffType.Equal, new WordRange(oldWords, 0, prefix)));
        if (oldMiddle.Count == 0 || newMiddle.Count == 0 || oldMiddle.Count + newMiddle.Count <= MaxWordDiffWords)
        {
            DiffWords(oldMiddle, newMiddle, operations);
        }
        else
        {
            DiffLinesThenWords(oldMiddle, newMiddle, operations);
        }

        operations.Add(new Operation(DiffType.Equal, new WordRange(oldWords, oldWords.Count - suffix, suffix)));
        return operations;
    }

    private static TextComparison Result(List<Operation> operations, int oldCount, int newCount, int equalContextWords)
    {
        var inserted = operations.Where(o => o.Type == DiffType.Insert).Sum(o => o.Words.Count);
        var deleted = operations.Where(o => o.Type == DiffType.Delete).Sum(o => o.Words.Count);
        var similarity = WordSimilarity.Of(oldCount - deleted, oldCount, newCount);
        var changed = inserted + deleted > 0;

        var diff = changed ? BuildSegments(operations, equalContextWords) : [];
        return new TextComparison(changed, similarity, inserted, deleted, diff);
    }

    private static void DiffWords(WordRange oldWords, WordRange newWords, List<Operation> operations)
    {
        if (oldWords.Count == 0 || newWords.Count == 0)
        {
            operations.Add(new Operation(DiffType.Delete, oldWords));
            operations.Add(new Operation(DiffType.Insert, newWords));
            return;
        }

        // One piece per word, as DiffPlex would get by chunking the words joined by line breaks on whitespace
        // (its own WordChunker also splits at punctuation, which would make "rights." and "rights," differ by a
        // separate token instead of reading as one changed word).
        var result = PiecesChunker.Diff(oldWords.ToArray(), newWords.ToArray());

        var oldPosition = 0;
        foreach (var block in result.DiffBlocks)
        {
            operations.Add(new Operation(DiffType.Equal, oldWords.Slice(oldPosition, block.DeleteStartA - oldPosition)));
            operations.Add(new Operation(DiffType.Delete, oldWords.Slice(block.DeleteStartA, block.DeleteCountA)));
            operations.Add(new Operation(DiffType.Insert, newWords.Slice(block.InsertStartB, block.InsertCountB)));
            oldPosition = block.DeleteStartA + block.DeleteCountA;
        }

        operations.Add(new Operation(DiffType.Equal, oldWords.Slice(oldPosition, oldWords.Count - oldPosition)));
    }

    /// <summary>
    /// For very long differing stretches: align sentence-like chunks first (cut after . ! ? ; : or every 50 words,
    /// so an insertion does not shift every later chunk), then diff words inside the changed chunk blocks.
    /// </summary>
    private static void DiffLinesThenWords(WordRange oldWords, WordRange newWords, List<Operation> operations)
    {
        var (oldChunks, oldStarts) = SentenceChunks(oldWords);
        var (newChunks, newStarts) = SentenceChunks(newWords);
        var result = PiecesChunker.Diff(oldChunks, newChunks);

        var oldPosition = 0;
        foreach (var block in result.DiffBlocks)
        {
            var deleteStart = oldStarts[block.DeleteStartA];
            var deleteEnd = oldStarts[block.DeleteStartA + block.DeleteCountA];
            var insertStart = newStarts[block.InsertStartB];
            var insertEnd = newStarts[block.InsertStartB + block.InsertCountB];
            operations.Add(new Operation(DiffType.Equal, oldWords.Slice(oldPosition, deleteStart - oldPosition)));

            var oldBlock = oldWords.Slice(deleteStart, deleteEnd - deleteStart);
            var newBlock = newWords.Slice(insertStart, insertEnd - insertStart);
            if (oldBlock.Count + newBlock.Count <= MaxWordDiffWords)
            {
                DiffWords(oldBlock, newBlock, operations);
            }
            else
            {
                operations.Add(new Operation(DiffType.Delete, oldBlock));
                operations.Add(new Operation(DiffType.Insert, newBlock));
            }

            oldPosition = deleteEnd;
        }

        operations.Add(new Operation(DiffType.Equal, oldWords.Slice(oldPosition, oldWords.Count - oldPosition)));
    }

    /// <summary>The chunks (words joined by single spaces), and the word index where each starts (plus one past the end).</summary>
    private static (string[] Chunks, List<int> Starts) SentenceChunks(WordRange words)
    {
        var chunks = new List<string>();
        var starts = new List<int> { 0 };
        var start = 0;
        for (var i = 0; i < words.Count; i++)
        {
            var last = words.LastChar(i);
            if (last is '.' or '!' or '?' or ';' or ':' || i - start + 1 == MaxChunkWords || i == words.Count - 1)
            {
                chunks.Add(words.Slice(start, i - start + 1).Join());
                start = i + 1;
                starts.Add(start);
            }
        }

        return ([.. chunks], starts);
    }

    private static int CommonPrefix(WordList a, WordList b)
    {
        var length = Math.Min(a.Count, b.Count);
        var i = 0;
        while (i < length && a.Span(i).SequenceEqual(b.Span(i)))
        {
            i++;
        }

        return i;
    }

    private static int CommonSuffix(WordList a, WordList b, int prefix)
    {
        var length = Math.Min(a.Count, b.Count) - prefix;
        var i = 0;
        while (i < length && a.Span(a.Count - 1 - i).SequenceEqual(b.Span(b.Count - 1 - i)))
        {
            i++;
        }

        return i;
    }

    /// <summary>Merges operations into segments (deletion before insertion within a change) and shortens equal runs.</summary>
    private static List<DiffSegment> BuildSegments(List<Operation> operations, int context)
    {
        // Collect runs: equal words, and between them the pending deleted and inserted words of one change. A run
        // is a list of word ranges; words are copied out only for the text each segment finally shows.
        var runs = new List<(DiffType Type, WordRun Words)>();
        var deleted = new WordRun();
        var inserted = new WordRun();

        void FlushChange()
        {
            if (deleted.Count > 0)
            {
                runs.Add((DiffType.Delete, deleted));
                deleted = new WordRun();
            }

            if (inserted.Count > 0)
            {
                runs.Add((DiffType.Insert, inserted));
                inserted = new WordRun();
            }
        }

        foreach (var (type, words) in operations)
        {
            if (words.Count <= 0)
            {
                continue;
            }

            switch (type)
            {
                case DiffType.Delete:
                    deleted.Add(words);
                    break;
                case DiffType.Insert:
                    inserted.Add(words);
                    break;
                default:
                    FlushChange();
                    if (runs.Count > 0 && runs[^1].Type == DiffType.Equal)
                    {
                        runs[^1].Words.Add(words);
                    }
                    else
                    {
                        var run = new WordRun();
                        run.Add(words);
                        runs.Add((DiffType.Equal, run));
                    }

                    break;
            }
        }

        FlushChange();

        var segments = new List<DiffSegment>(runs.Count);
        for (var i = 0; i < runs.Count; i++)
        {
            var (type, words) = runs[i];
            var text = type == DiffType.Equal
                ? ShortenEqual(words, context, keepStart: i > 0, keepEnd: i < runs.Count - 1)
                : words.Join(0, words.Count);
            segments.Add(new DiffSegment(type, text));
        }

        return segments;
    }

    private static string ShortenEqual(WordRun words, int context, bool keepStart, bool keepEnd)
    {
        var kept = (keepStart ? context : 0) + (keepEnd ? context : 0);
        if (words.Count <= kept)
        {
            return words.Join(0, words.Count);
        }

        var head = keepStart ? words.Join(0, context) : "";
        var tail = keepEnd ? words.Join(words.Count - context, context) : "";
        return string.Create(CultureInfo.InvariantCulture, $"{head} {Ellipsis} {tail}").Trim();
    }

    private readonly record struct Operation(DiffType Type, WordRange Words);

    /// <summary>
    /// <paramref name="Count"/> words of one type, from word <paramref name="OldStart"/> of the old list and word
    /// <paramref name="NewStart"/> of the new one (an inserted run takes none of the old, a deleted run none of the new).
    /// </summary>
    internal readonly record struct AlignedRun(DiffType Type, int OldStart, int NewStart, int Count);

    /// <summary>
    /// Hands DiffPlex pieces that are already split. Its chunkers would only split again a text joined from these
    /// same pieces; the two texts passed to DiffPlex merely say which list is which.
    /// </summary>
    private sealed class PiecesChunker(string[] oldPieces, string[] newPieces) : IChunker
    {
        private const string OldKey = "old";
        private const string NewKey = "new";

        public static DiffPlex.Model.DiffResult Diff(string[] oldPieces, string[] newPieces) =>
            Differ.Instance.CreateDiffs(OldKey, NewKey, ignoreWhiteSpace: false, ignoreCase: false, new PiecesChunker(oldPieces, newPieces));

        public IReadOnlyList<string> Chunk(string text) =>
            ReferenceEquals(text, OldKey) ? oldPieces
            : ReferenceEquals(text, NewKey) ? newPieces
            : throw new ArgumentException("Not one of the two texts being compared.", nameof(text));
    }
}
