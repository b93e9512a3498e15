using System.Globalization;
using DiffPlex;
using DiffPlex.Chunkers;

namespace CitationMonitor.Domain.Text;

/// <summary>Compares two extracted texts word by word (DiffPlex's Myers diff over whitespace-separated words).</summary>
public static class TextComparer
{
    private const string Ellipsis = "…";

    // The diff costs time proportional to words × edits. Above this many words between the first and the last
    // difference, lines are aligned first and words are compared only inside changed line blocks.
    private const int MaxWordDiffWords = 20_000;

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

        var oldWords = Words(TextNormalizer.ToNfc(oldText));
        var newWords = Words(TextNormalizer.ToNfc(newText));

        var operations = new List<(DiffType Type, string[] Words, int Start, int Count)>();
        var prefix = CommonPrefix(oldWords, newWords);
        var suffix = CommonSuffix(oldWords, newWords, prefix);
        var oldMiddle = oldWords[prefix..(oldWords.Length - suffix)];
        var newMiddle = newWords[prefix..(newWords.Length - suffix)];

        operations.Add((DiffType.Equal, oldWords, 0, prefix));
        if (oldMiddle.Length == 0 || newMiddle.Length == 0 || oldMiddle.Length + newMiddle.Length <= MaxWordDiffWords)
        {
            DiffWords(oldMiddle, newMiddle, operations);
        }
        else
        {
            DiffLinesThenWords(oldMiddle, newMiddle, operations);
        }

        operations.Add((DiffType.Equal, oldWords, oldWords.Length - suffix, suffix));

        var inserted = operations.Where(o => o.Type == DiffType.Insert).Sum(o => o.Count);
        var deleted = operations.Where(o => o.Type == DiffType.Delete).Sum(o => o.Count);
        var total = oldWords.Length + newWords.Length;
        var equal = oldWords.Length - deleted;
        var similarity = total == 0 ? 1.0 : 2.0 * equal / total;
        var changed = inserted + deleted > 0;

        var diff = changed ? BuildSegments(operations, equalContextWords) : [];
        return new TextComparison(changed, similarity, inserted, deleted, diff);
    }

    internal static string[] Words(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static void DiffWords(string[] oldWords, string[] newWords, List<(DiffType, string[], int, int)> operations)
    {
        if (oldWords.Length == 0 || newWords.Length == 0)
        {
            operations.Add((DiffType.Delete, oldWords, 0, oldWords.Length));
            operations.Add((DiffType.Insert, newWords, 0, newWords.Length));
            return;
        }

        // One word per line: the words hold no whitespace, so the chunker gives back exactly these arrays.
        var result = Differ.Instance.CreateDiffs(
            string.Join('\n', oldWords), string.Join('\n', newWords), ignoreWhiteSpace: false, ignoreCase: false, WhitespaceChunker.Instance);

        var oldPosition = 0;
        foreach (var block in result.DiffBlocks)
        {
            operations.Add((DiffType.Equal, oldWords, oldPosition, block.DeleteStartA - oldPosition));
            operations.Add((DiffType.Delete, oldWords, block.DeleteStartA, block.DeleteCountA));
            operations.Add((DiffType.Insert, newWords, block.InsertStartB, block.InsertCountB));
            oldPosition = block.DeleteStartA + block.DeleteCountA;
        }

        operations.Add((DiffType.Equal, oldWords, oldPosition, oldWords.Length - oldPosition));
    }

    /// <summary>
    /// For very long differing stretches: align sentence-like chunks first (cut after . ! ? ; : or every 50 words,
    /// so an insertion does not shift every later chunk), then diff words inside the changed chunk blocks.
    /// </summary>
    private static void DiffLinesThenWords(string[] oldWords, string[] newWords, List<(DiffType, string[], int, int)> operations)
    {
        var (oldChunks, oldStarts) = SentenceChunks(oldWords);
        var (newChunks, newStarts) = SentenceChunks(newWords);
        var result = Differ.Instance.CreateDiffs(
            string.Join('\n', oldChunks), string.Join('\n', newChunks), ignoreWhiteSpace: false, ignoreCase: false, LineChunker.Instance);

        var oldPosition = 0;
        foreach (var block in result.DiffBlocks)
        {
            var deleteStart = oldStarts[block.DeleteStartA];
            var deleteEnd = oldStarts[block.DeleteStartA + block.DeleteCountA];
            var insertStart = newStarts[block.InsertStartB];
            var insertEnd = newStarts[block.InsertStartB + block.InsertCountB];
            operations.Add((DiffType.Equal, oldWords, oldPosition, deleteStart - oldPosition));

            var oldBlock = oldWords[deleteStart..deleteEnd];
            var newBlock = newWords[insertStart..insertEnd];
            if (oldBlock.Length + newBlock.Length <= MaxWordDiffWords)
            {
                DiffWords(oldBlock, newBlock, operations);
            }
            else
            {
                operations.Add((DiffType.Delete, oldBlock, 0, oldBlock.Length));
                operations.Add((DiffType.Insert, newBlock, 0, newBlock.Length));
            }

            oldPosition = deleteEnd;
        }

        operations.Add((DiffType.Equal, oldWords, oldPosition, oldWords.Length - oldPosition));
    }

    /// <summary>The chunks as lines, and the word index where each starts (plus one past the end).</summary>
    private static (List<string> Chunks, List<int> Starts) SentenceChunks(string[] words)
    {
        const int MaxChunkWords = 50;
        var chunks = new List<string>();
        var starts = new List<int> { 0 };
        var start = 0;
        for (var i = 0; i < words.Length; i++)
        {
            var last = words[i][^1];
            if (last is '.' or '!' or '?' or ';' or ':' || i - start + 1 == MaxChunkWords || i == words.Length - 1)
            {
                chunks.Add(string.Join(' ', words, start, i - start + 1));
                start = i + 1;
                starts.Add(start);
            }
        }

        return (chunks, starts);
    }

    private static int CommonPrefix(string[] a, string[] b)
    {
        var length = Math.Min(a.Length, b.Length);
        var i = 0;
        while (i < length && string.Equals(a[i], b[i], StringComparison.Ordinal))
        {
            i++;
        }

        return i;
    }

    private static int CommonSuffix(string[] a, string[] b, int prefix)
    {
        var length = Math.Min(a.Length, b.Length) - prefix;
        var i = 0;
        while (i < length && string.Equals(a[a.Length - 1 - i], b[b.Length - 1 - i], StringComparison.Ordinal))
        {
            i++;
        }

        return i;
    }

    /// <summary>Merges operations into segments (deletion before insertion within a change) and shortens equal runs.</summary>
    private static List<DiffSegment> BuildSegments(List<(DiffType Type, string[] Words, int Start, int Count)> operations, int context)
    {
        // Collect runs: equal words, and between them the pending deleted and inserted words of one change.
        var runs = new List<(DiffType Type, List<string> Words)>();
        var deleted = new List<string>();
        var inserted = new List<string>();

        void FlushChange()
        {
            if (deleted.Count > 0)
            {
                runs.Add((DiffType.Delete, [.. deleted]));
                deleted.Clear();
            }

            if (inserted.Count > 0)
            {
                runs.Add((DiffType.Insert, [.. inserted]));
                inserted.Clear();
            }
        }

        foreach (var (type, words, start, count) in operations)
        {
            if (count <= 0)
            {
                continue;
            }

            var slice = new ArraySegment<string>(words, start, count);
            switch (type)
            {
                case DiffType.Delete:
                    deleted.AddRange(slice);
                    break;
                case DiffType.Insert:
                    inserted.AddRange(slice);
                    break;
                default:
                    FlushChange();
                    if (runs.Count > 0 && runs[^1].Type == DiffType.Equal)
                    {
                        runs[^1].Words.AddRange(slice);
                    }
                    else
                    {
                        runs.Add((DiffType.Equal, [.. slice]));
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
                : string.Join(' ', words);
            segments.Add(new DiffSegment(type, text));
        }

        return segments;
    }

    private static string ShortenEqual(List<string> words, int context, bool keepStart, bool keepEnd)
    {
        var kept = (keepStart ? context : 0) + (keepEnd ? context : 0);
        if (words.Count <= kept)
        {
            return string.Join(' ', words);
        }

        var head = keepStart ? string.Join(' ', words.Take(context)) : "";
        var tail = keepEnd ? string.Join(' ', words.Skip(words.Count - context)) : "";
        return string.Create(CultureInfo.InvariantCulture, $"{head} {Ellipsis} {tail}").Trim();
    }
}
