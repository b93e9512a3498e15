using System.Globalization;
using System.Text;
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

        var operations = new List<Operation>();
        var prefix = CommonPrefix(oldWords, newWords);
        var suffix = CommonSuffix(oldWords, newWords, prefix);
        var oldMiddle = new Range(oldWords, prefix, oldWords.Count - suffix - prefix);
        var newMiddle = new Range(newWords, prefix, newWords.Count - suffix - prefix);

        operations.Add(new Operation(DiffType.Equal, new Range(oldWords, 0, prefix)));
        if (oldMiddle.Count == 0 || newMiddle.Count == 0 || oldMiddle.Count + newMiddle.Count <= MaxWordDiffWords)
        {
            DiffWords(oldMiddle, newMiddle, operations);
        }
        else
        {
            DiffLinesThenWords(oldMiddle, newMiddle, operations);
        }

        operations.Add(new Operation(DiffType.Equal, new Range(oldWords, oldWords.Count - suffix, suffix)));

        var inserted = operations.Where(o => o.Type == DiffType.Insert).Sum(o => o.Words.Count);
        var deleted = operations.Where(o => o.Type == DiffType.Delete).Sum(o => o.Words.Count);
        var total = oldWords.Count + newWords.Count;
        var equal = oldWords.Count - deleted;
        var similarity = total == 0 ? 1.0 : 2.0 * equal / total;
        var changed = inserted + deleted > 0;

        var diff = changed ? BuildSegments(operations, equalContextWords) : [];
        return new TextComparison(changed, similarity, inserted, deleted, diff);
    }

    private static void DiffWords(Range oldWords, Range newWords, List<Operation> operations)
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
    private static void DiffLinesThenWords(Range oldWords, Range newWords, List<Operation> operations)
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
    private static (string[] Chunks, List<int> Starts) SentenceChunks(Range words)
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
        var runs = new List<(DiffType Type, Run Words)>();
        var deleted = new Run();
        var inserted = new Run();

        void FlushChange()
        {
            if (deleted.Count > 0)
            {
                runs.Add((DiffType.Delete, deleted));
                deleted = new Run();
            }

            if (inserted.Count > 0)
            {
                runs.Add((DiffType.Insert, inserted));
                inserted = new Run();
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
                        var run = new Run();
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

    private static string ShortenEqual(Run words, int context, bool keepStart, bool keepEnd)
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

    private readonly record struct Operation(DiffType Type, Range Words);

    /// <summary>The whitespace-separated words of a text, located (start and length) but not copied.</summary>
    private sealed class WordList
    {
        private readonly string _text;
        private int[] _starts;
        private int[] _lengths;

        public WordList(string text)
        {
            _text = text;

            // Words average a few characters: a plain scan beats vectorized searching here.
            var capacity = text.Length / 6 + 16;
            _starts = new int[capacity];
            _lengths = new int[capacity];
            var i = 0;
            while (true)
            {
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                if (i == text.Length)
                {
                    break;
                }

                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                if (Count == _starts.Length)
                {
                    Array.Resize(ref _starts, Count * 2);
                    Array.Resize(ref _lengths, Count * 2);
                }

                _starts[Count] = start;
                _lengths[Count] = i - start;
                Count++;
            }
        }

        public int Count { get; }

        public ReadOnlySpan<char> Span(int index) => _text.AsSpan(_starts[index], _lengths[index]);

        public string Word(int index) => _text.Substring(_starts[index], _lengths[index]);

        public char LastChar(int index) => _text[_starts[index] + _lengths[index] - 1];
    }

    /// <summary>A stretch of consecutive words of one text.</summary>
    private readonly record struct Range(WordList List, int Start, int Count)
    {
        public Range Slice(int start, int count) => new(List, Start + start, count);

        public char LastChar(int index) => List.LastChar(Start + index);

        public string[] ToArray()
        {
            var words = new string[Count];
            for (var i = 0; i < Count; i++)
            {
                words[i] = List.Word(Start + i);
            }

            return words;
        }

        /// <summary>The words joined by single spaces.</summary>
        public string Join()
        {
            var length = Count - 1;
            for (var i = 0; i < Count; i++)
            {
                length += List.Span(Start + i).Length;
            }

            return string.Create(Math.Max(length, 0), this, static (destination, range) =>
            {
                var position = 0;
                for (var i = 0; i < range.Count; i++)
                {
                    if (i > 0)
                    {
                        destination[position++] = ' ';
                    }

                    var word = range.List.Span(range.Start + i);
                    word.CopyTo(destination[position..]);
                    position += word.Length;
                }
            });
        }

        public void AppendTo(StringBuilder builder, int from, int count)
        {
            for (var i = from; i < from + count; i++)
            {
                if (builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(List.Span(Start + i));
            }
        }
    }

    /// <summary>The words of one segment: consecutive ranges, possibly from both texts (a deletion's and insertion's).</summary>
    private sealed class Run
    {
        private readonly List<Range> _ranges = [];

        public int Count { get; private set; }

        public void Add(Range range)
        {
            _ranges.Add(range);
            Count += range.Count;
        }

        /// <summary>Words <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> joined by single spaces.</summary>
        public string Join(int from, int count)
        {
            var builder = new StringBuilder();
            foreach (var range in _ranges)
            {
                if (count <= 0)
                {
                    break;
                }

                if (from >= range.Count)
                {
                    from -= range.Count;
                    continue;
                }

                var take = Math.Min(count, range.Count - from);
                range.AppendTo(builder, from, take);
                count -= take;
                from = 0;
            }

            return builder.ToString();
        }
    }

    /// <summary>
    /// Hands DiffPlex pieces that are already split. Its chunkers would only split again a text joined from these
    /// same pieces; the two texts passed to DiffPlex merely say which list is which.
    /// </summary>
    /// <summary>DiffPlex's diff of two sequences of pieces (words, lines...) compared whole, as given.</summary>
    internal static DiffPlex.Model.DiffResult DiffPieces(string[] oldPieces, string[] newPieces) => PiecesChunker.Diff(oldPieces, newPieces);

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
