using System.Globalization;
using System.Text;

namespace CitationMonitor.Domain.Checks;

/// <summary>
/// A fingerprint of a page's main text: the set of its word shingles (pairs of consecutive words), kept as a bottom-k
/// sketch of their 64-bit hashes, so that the similarity of two texts (the Jaccard index of their shingle sets) can be
/// estimated from what is stored. For a text of up to <see cref="SketchSize"/> shingles, such as a "not found"
/// template, the sketch is the whole set and the similarity is exact. Used to recognise a host's "not found" answer
/// whatever path it was asked for.
/// </summary>
public sealed class TextFingerprint
{
    /// <summary>Words per shingle.</summary>
    public const int ShingleWords = 2;

    /// <summary>Shingle hashes kept: the smallest ones.</summary>
    public const int SketchSize = 128;

    /// <summary>
    /// Texts shorter than this say too little to be told apart: two near-empty pages are never "near". A typical
    /// not-found template ("Page not found. The page you asked for does not exist or was moved.") has more.
    /// </summary>
    public const int MinWords = 8;

    /// <summary>
    /// Least similarity for two texts to be near. One word changed in a ten-word template keeps about 0.64 of the
    /// shingles; two articles of one site that share a boilerplate paragraph stay far below.
    /// </summary>
    public const double MinSimilarity = 0.6;

    /// <summary>Longest text hashed, in words: a template is short, and a long page is not one.</summary>
    private const int MaxWords = 20_000;

    private readonly ulong[] _sketch;

    private TextFingerprint(ulong[] sketch, int words)
    {
        _sketch = sketch;
        Words = words;
    }

    /// <summary>How many words were hashed (after paths and echoed words were left out).</summary>
    public int Words { get; }

    /// <summary>The smallest shingle hashes, ascending, at most <see cref="SketchSize"/>.</summary>
    public IReadOnlyList<ulong> Sketch => _sketch;

    /// <summary>
    /// Fingerprints <paramref name="text"/>. Words are compared lower-case, without accents, digit runs made generic
    /// ("2021" and "1999" are one word). Every word that looks like a path or URL is left out, and so are the words of
    /// <paramref name="echoes"/>, what the page may repeat from its own request (the path asked for): a template that
    /// echoes the requested path has one fingerprint for every path.
    /// </summary>
    public static TextFingerprint Of(string text, IEnumerable<string>? echoes = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var echoed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var echo in echoes ?? [])
        {
            echoed.UnionWith(Normalize(echo).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        var words = WordsOf(text, echoed);
        var shingles = new SortedSet<ulong>();
        var count = words.Count < ShingleWords ? Math.Min(1, words.Count) : words.Count - ShingleWords + 1;
        for (var start = 0; start < count; start++)
        {
            shingles.Add(Hash64(string.Join(' ', words.Skip(start).Take(ShingleWords))));
        }

        return new TextFingerprint([.. shingles.Take(SketchSize)], words.Count);
    }

    /// <summary>The sketch as 16 lower-case hex digits per hash, for storage.</summary>
    public string ToStored() =>
        string.Concat(_sketch.Select(hash => hash.ToString("x16", CultureInfo.InvariantCulture)));

    /// <summary>Reads a fingerprint stored with <see cref="ToStored"/> and its word count; null when there is none or it is damaged.</summary>
    public static TextFingerprint? Parse(string? stored, int words)
    {
        if (stored is null || stored.Length % 16 != 0 || stored.Length / 16 > SketchSize)
        {
            return null;
        }

        var sketch = new ulong[stored.Length / 16];
        for (var i = 0; i < sketch.Length; i++)
        {
            if (!ulong.TryParse(stored.AsSpan(i * 16, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out sketch[i]))
            {
                return null;
            }
        }

        return new TextFingerprint(sketch, words);
    }

    /// <summary>
    /// The estimated Jaccard index of the two shingle sets, 0 to 1: among the <see cref="SketchSize"/> smallest
    /// hashes of both sketches together, the share found in both (exact when both texts fit in a sketch).
    /// </summary>
    public double SimilarityTo(TextFingerprint other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_sketch.Length == 0 || other._sketch.Length == 0)
        {
            return _sketch.Length == other._sketch.Length ? 1 : 0;
        }

        var mine = new HashSet<ulong>(_sketch);
        var theirs = new HashSet<ulong>(other._sketch);
        var union = mine.Union(theirs).Order().Take(SketchSize).ToList();
        return (double)union.Count(hash => mine.Contains(hash) && theirs.Contains(hash)) / union.Count;
    }

    /// <summary>
    /// True when both texts are long enough to judge (<see cref="MinWords"/>) and their similarity is at least
    /// <see cref="MinSimilarity"/>.
    /// </summary>
    public bool IsNear(TextFingerprint other) =>
        other is not null && Words >= MinWords && other.Words >= MinWords && SimilarityTo(other) >= MinSimilarity;

    private static List<string> WordsOf(string text, HashSet<string> echoed)
    {
        var words = new List<string>();
        foreach (var token in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            // A path or URL is what a template echoes from its request, never what tells two pages apart.
            if (token.Contains('/', StringComparison.Ordinal) || token.Contains('\\', StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var word in Normalize(token).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (echoed.Contains(word))
                {
                    continue;
                }

                words.Add(word);
                if (words.Count == MaxWords)
                {
                    return words;
                }
            }
        }

        return words;
    }

    /// <summary>Lower case, accents dropped, digit runs as "0", anything but letters and digits a word break.</summary>
    private static string Normalize(string token)
    {
        var builder = new StringBuilder(token.Length);
        var lastWasDigit = false;
        foreach (var c in token.ToLowerInvariant().Normalize(NormalizationForm.FormD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsDigit(c))
            {
                if (!lastWasDigit)
                {
                    builder.Append('0');
                }

                lastWasDigit = true;
                continue;
            }

            lastWasDigit = false;
            builder.Append(char.IsLetter(c) ? c : ' ');
        }

        return builder.ToString();
    }

    /// <summary>FNV-1a over the UTF-8 bytes, then the MurmurHash3 finalizer so every bit depends on every byte.</summary>
    private static ulong Hash64(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb93fe53ccd53UL;
        hash ^= hash >> 33;
        return hash;
    }
}
