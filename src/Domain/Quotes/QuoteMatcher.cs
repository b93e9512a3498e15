using System.Globalization;
using System.Text;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Quotes;

/// <summary>The answer to "does the source still say what we cited?" for one passage.</summary>
/// <param name="Status">Found, altered, missing, or none when there is no passage.</param>
/// <param name="Similarity">For <c>altered</c>, how close the best match is (0..1); 1 for found; null otherwise.</param>
/// <param name="Match">For <c>altered</c>, the best matching text of the source as it reads now.</param>
public sealed record QuoteMatch(QuoteStatus Status, double? Similarity, string? Match)
{
    /// <summary>No passage to look for.</summary>
    public static QuoteMatch None { get; } = new(QuoteStatus.None, null, null);
}

/// <summary>
/// Looks for a quoted passage in a source's text, tolerant of whitespace, case, accents and curly versus
/// straight quotes; when it is not there verbatim, finds the closest passage of about the same length.
/// </summary>
public static class QuoteMatcher
{
    /// <summary>Word similarity from which a near match counts as the passage, edited.</summary>
    public const double AlteredThreshold = 0.6;

    /// <summary>How many of the best windows by shared words are compared word by word.</summary>
    private const int Candidates = 8;

    /// <summary>Finds <paramref name="quote"/> in <paramref name="text"/>.</summary>
    public static QuoteMatch Find(string? quote, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var wanted = Tokens(quote ?? "");
        if (wanted.Count == 0)
        {
            return QuoteMatch.None;
        }

        var source = Tokens(text);
        var wantedText = string.Join(' ', wanted.Select(t => t.Normalized));
        var sourceText = " " + string.Join(' ', source.Select(t => t.Normalized)) + " ";
        if (sourceText.Contains(wantedText, StringComparison.Ordinal))
        {
            return new QuoteMatch(QuoteStatus.Found, 1, null);
        }

        var best = BestWindow(wanted, source);
        return best is { Similarity: >= AlteredThreshold } window
            ? new QuoteMatch(QuoteStatus.Altered, Math.Round(window.Similarity, 4), window.Text)
            : new QuoteMatch(QuoteStatus.Missing, null, null);
    }

    /// <summary>
    /// The window of the source, as long as the passage, that shares the most words with it (a sliding count,
    /// linear in the source), then the closest of the best few by a word diff (see <see cref="Closest"/>).
    /// </summary>
    private static (double Similarity, string Text)? BestWindow(List<Token> wanted, List<Token> source)
    {
        var length = wanted.Count;
        if (source.Count == 0)
        {
            return null;
        }

        var need = wanted.GroupBy(t => t.Normalized).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var have = new Dictionary<string, int>(StringComparer.Ordinal);
        var shared = 0;
        var scores = new List<(int Start, int Shared)>();
        for (var i = 0; i < source.Count; i++)
        {
            shared += Add(source[i].Normalized, +1);
            if (i >= length)
            {
                shared += Add(source[i - length].Normalized, -1);
            }

            if (i >= Math.Min(length, source.Count) - 1)
            {
                scores.Add((Math.Max(0, i - length + 1), shared));
            }
        }

        var wantedWords = wanted.Select(t => t.Normalized).ToArray();
        return scores
            .OrderByDescending(s => s.Shared).ThenBy(s => s.Start)
            .Take(Candidates)
            .Select(s => Closest(wantedWords, source, s.Start, length))
            .OrderByDescending(c => c.Similarity).ThenByDescending(c => c.Words)
            .Select(c => (c.Similarity, c.Text))
            .Cast<(double, string)?>()
            .FirstOrDefault();

        // +1 or -1 to the shared count when a word enters or leaves the window.
        int Add(string word, int delta)
        {
            if (!need.TryGetValue(word, out var needed))
            {
                return 0;
            }

            have.TryGetValue(word, out var count);
            var before = Math.Min(count, needed);
            have[word] = count + delta;
            return Math.Min(count + delta, needed) - before;
        }
    }

    /// <summary>
    /// The passage as the source now reads it around a candidate window: the window widened by a quarter of its length
    /// on each side, diffed word by word with the passage, then cut to its first and last words that match one of the
    /// passage, or that replace its first or last word. So words added to or dropped from the passage move the ends of
    /// the match with them, and no neighbouring word that the passage never had is reported as inserted.
    /// </summary>
    private static (double Similarity, string Text, int Words) Closest(string[] wanted, List<Token> source, int start, int length)
    {
        var slack = Math.Max(2, length / 4);
        var from = Math.Max(0, start - slack);
        var window = source.GetRange(from, Math.Min(source.Count, start + length + slack) - from);
        var diff = TextComparer.DiffPieces(wanted, [.. window.Select(t => t.Normalized)]);

        var matched = Enumerable.Repeat(true, window.Count).ToArray();
        foreach (var block in diff.DiffBlocks)
        {
            Array.Fill(matched, false, block.InsertStartB, block.InsertCountB);
        }

        var first = Array.IndexOf(matched, true);
        if (first < 0)
        {
            return (0, "", 0);
        }

        var last = Array.LastIndexOf(matched, true);
        var equal = matched.Count(m => m);

        // A first or last word of the passage replaced by another ("first report" → "initial report") is part of it.
        // Only when exactly one word of the passage is missing there: several words dropped from an end, next to
        // unrelated neighbours, look to a diff just like several words replaced.
        foreach (var block in diff.DiffBlocks)
        {
            var replaced = block.DeleteCountA == 1 && block.InsertCountB > 0 ? 1 : 0;
            if (block.DeleteStartA == 0 && block.InsertStartB + block.InsertCountB == first)
            {
                first -= replaced;
            }

            if (block.DeleteStartA + block.DeleteCountA == wanted.Length && block.InsertStartB == last + 1)
            {
                last += replaced;
            }
        }

        // Words the source added count against the match, words it dropped are already missing from the equal ones:
        // a match shorter than the passage is measured against the passage's own length.
        var kept = window.GetRange(first, last - first + 1);
        var similarity = 2.0 * equal / (wanted.Length + Math.Max(kept.Count, wanted.Length));
        return (similarity, string.Join(' ', kept.Select(t => t.Original)), kept.Count);
    }

    private sealed record Token(string Original, string Normalized);

    private static List<Token> Tokens(string text) =>
        [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(word => new Token(word, Normalize(word)))
            .Where(token => token.Normalized.Length > 0)];

    /// <summary>
    /// The words of a passage as written, each with the form <see cref="Find"/> compares; the folded forms joined by
    /// spaces are <see cref="Folded"/>, so a word diff of two folded passages maps back onto the words as written.
    /// </summary>
    public static IReadOnlyList<(string Original, string Folded)> Words(string passage) =>
        [.. Tokens(passage ?? "").Select(t => (t.Original, t.Normalized))];

    /// <summary>
    /// A passage as <see cref="Find"/> compares it: words with case, accents and quote marks folded, so a diff of two
    /// folded passages shows only the differences that matter.
    /// </summary>
    public static string Folded(string passage) =>
        string.Join(' ', Tokens(passage ?? "").Select(t => t.Normalized));

    /// <summary>Case, accents and quote marks folded; quote marks, brackets and punctuation at the edges of a word dropped.</summary>
    internal static string Normalize(string word)
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
}
