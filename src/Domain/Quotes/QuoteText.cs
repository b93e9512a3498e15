using System.Globalization;
using System.Text;

namespace CitationMonitor.Domain.Quotes;

/// <summary>A word of a passage or of a source's text, as written and as passages are matched.</summary>
/// <param name="Written">
/// The word as written, with the lone marks next to it that are no word of their own (a dash or a quote mark set
/// apart by spaces): those after it, and for the first word those before it.
/// </param>
/// <param name="Folded">What matching compares: case, accents and quote marks folded, punctuation at its edges dropped.</param>
/// <param name="Piece">Where the word itself stands among the whitespace-separated pieces of its text.</param>
internal readonly record struct QuoteWord(string Written, string Folded, int Piece)
{
    private static readonly char[] Closing = ['"', '\'', '\u201D', '\u2019', '\u00BB', ')', ']'];

    /// <summary>Whether a sentence or clause ends after the word: it ends in . ! ? ; : , … or a dash, before any closing quote or bracket.</summary>
    public bool EndsClause => Written.TrimEnd(Closing) is [.., '.' or '!' or '?' or ';' or ':' or ',' or '…' or '—' or '–'];
}

/// <summary>A passage or a source's text as the words that matching compares.</summary>
internal sealed class QuoteText
{
    private readonly string[] _pieces;

    public QuoteText(string text)
    {
        _pieces = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var own = new List<(string Folded, int Piece)>();
        for (var i = 0; i < _pieces.Length; i++)
        {
            var folded = Fold(_pieces[i]);
            if (folded.Length > 0)
            {
                own.Add((folded, i));
            }
        }

        Words = new List<QuoteWord>(own.Count);
        for (var w = 0; w < own.Count; w++)
        {
            var first = w == 0 ? 0 : own[w].Piece;
            var last = w == own.Count - 1 ? _pieces.Length - 1 : own[w + 1].Piece - 1;
            Words.Add(new QuoteWord(last == first ? _pieces[first] : string.Join(" ", _pieces, first, last - first + 1), own[w].Folded, own[w].Piece));
        }
    }

    public List<QuoteWord> Words { get; }

    /// <summary>The text as written from word <paramref name="first"/> to word <paramref name="last"/>, its pieces joined by single spaces.</summary>
    public string Span(int first, int last)
    {
        var (from, to) = (Words[first].Piece, Words[last].Piece);
        return string.Join(" ", _pieces, from, to - from + 1);
    }

    /// <summary>Case, accents and quote marks folded; quote marks, brackets and punctuation at the edges of a word dropped.</summary>
    public static string Fold(string word)
    {
        var folded = new StringBuilder(word.Length);
        foreach (var c in word.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            folded.Append(c switch
            {
                '\u2018' or '\u2019' or '\u201A' or '\u2032' or '`' or '\u00B4' => '\'',
                '\u201C' or '\u201D' or '\u201E' or '\u2033' or '\u00AB' or '\u00BB' => '"',
                _ => char.ToLowerInvariant(c),
            });
        }

        return folded.ToString().Trim('"', '\'', '(', ')', '[', ']', '¿', '¡', '.', ',', ';', ':', '!', '?', '…');
    }

    /// <summary>The folded forms of <paramref name="words"/>, in order.</summary>
    public static string[] Folded(IEnumerable<QuoteWord> words) => [.. words.Select(w => w.Folded)];

    /// <summary>The written forms of <paramref name="words"/>, in order.</summary>
    public static string[] Written(IEnumerable<QuoteWord> words) => [.. words.Select(w => w.Written)];
}
