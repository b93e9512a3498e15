using System.Text;

namespace CitationMonitor.Domain.Text;

/// <summary>The words of a text (split at whitespace, or given one by one), located (start and length) but not copied.</summary>
internal sealed class WordList
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

    private WordList(IReadOnlyList<string> words)
    {
        _text = string.Join(' ', words);
        _starts = new int[words.Count];
        _lengths = new int[words.Count];
        var position = 0;
        for (var i = 0; i < words.Count; i++)
        {
            _starts[i] = position;
            _lengths[i] = words[i].Length;
            position += words[i].Length + 1;
        }

        Count = words.Count;
    }

    /// <summary>Words given one by one, each taken whole (a word may hold a space of its own).</summary>
    public static WordList Of(IReadOnlyList<string> words) => new(words);

    public int Count { get; }

    public ReadOnlySpan<char> Span(int index) => _text.AsSpan(_starts[index], _lengths[index]);

    public string Word(int index) => _text.Substring(_starts[index], _lengths[index]);

    public char LastChar(int index) => _text[_starts[index] + _lengths[index] - 1];
}

/// <summary>A stretch of consecutive words of one text.</summary>
internal readonly record struct WordRange(WordList List, int Start, int Count)
{
    public WordRange Slice(int start, int count) => new(List, Start + start, count);

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
internal sealed class WordRun
{
    private readonly List<WordRange> _ranges = [];

    public int Count { get; private set; }

    public void Add(WordRange range)
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
