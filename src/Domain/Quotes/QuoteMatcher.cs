using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Quotes;

/// <summary>The answer to "does the source still say what we cited?" for one passage.</summary>
/// <param name="Status">Found, altered, missing, or none when there is no passage.</param>
/// <param name="Similarity">
/// For <c>altered</c>, how close the source's closest text is: <see cref="WordSimilarity.Of"/> of the passage and
/// <paramref name="Match"/>, the same figure as the similarity of their <see cref="QuoteDiffs.Compare(string, QuoteMatch)"/>;
/// 1 for found; null otherwise.
/// </param>
/// <param name="Match">
/// For <c>altered</c>, the source's closest text as it reads now: the source's words aligned with the whole passage,
/// including the words that replaced the passage's first, last or middle words, as written.
/// </param>
public sealed record QuoteMatch(QuoteStatus Status, double? Similarity, string? Match)
{
    /// <summary>No passage to look for.</summary>
    public static QuoteMatch None { get; } = new(QuoteStatus.None, null, null);
}

/// <summary>
/// Looks for a quoted passage in a source's text, tolerant of whitespace, case, accents and curly versus
/// straight quotes; when it is not there verbatim, finds the source's closest text to it.
/// </summary>
public static class QuoteMatcher
{
    /// <summary>Word similarity from which a near match counts as the passage, edited.</summary>
    public const double AlteredThreshold = 0.6;

    /// <summary>How many of the best places by shared words are aligned with the passage.</summary>
    private const int Candidates = 8;

    /// <summary>Finds <paramref name="quote"/> in <paramref name="text"/>.</summary>
    public static QuoteMatch Find(string? quote, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var passage = new QuoteText(quote ?? "").Words;
        if (passage.Count == 0)
        {
            return QuoteMatch.None;
        }

        var source = new QuoteText(text);
        var wantedText = " " + string.Join(' ', QuoteText.Folded(passage)) + " ";
        var sourceText = " " + string.Join(' ', QuoteText.Folded(source.Words)) + " ";
        if (sourceText.Contains(wantedText, StringComparison.Ordinal))
        {
            return new QuoteMatch(QuoteStatus.Found, 1, null);
        }

        var candidates = CandidateStarts(passage, source.Words)
            .Select(start => ClosestText.Around(passage, source.Words, start))
            .OfType<(int First, int Last)>()
            .Distinct()
            .Select(span => new Candidate(span.First, span.Last, QuoteDiffs.SharedWords(passage, source.Words.GetRange(span.First, span.Last - span.First + 1))))
            .ToList();

        // A candidate within another that holds more of the passage is that other seen in part (its window stopped
        // short of an inserted clause): it is not a place of its own.
        var best = candidates
            .Where(c => !candidates.Any(o => o.Shared > c.Shared && o.First <= c.First && c.Last <= o.Last))
            .Select(c => (Candidate: c, Similarity: WordSimilarity.Of(c.Shared, passage.Count, c.Last - c.First + 1)))
            .OrderByDescending(c => c.Similarity).ThenByDescending(c => c.Candidate.Last - c.Candidate.First)
            .FirstOrDefault();
        return best.Candidate is { } closest && best.Similarity >= AlteredThreshold
            ? new QuoteMatch(QuoteStatus.Altered, Math.Round(best.Similarity, 4), source.Span(closest.First, closest.Last))
            : new QuoteMatch(QuoteStatus.Missing, null, null);
    }

    /// <summary>The source's words <see cref="First"/> to <see cref="Last"/>, sharing <see cref="Shared"/> words with the passage.</summary>
    private sealed record Candidate(int First, int Last, int Shared);

    /// <summary>
    /// Where the windows of the source as long as the passage start that share the most words with it (a sliding count,
    /// linear in the source), best first.
    /// </summary>
    private static IEnumerable<int> CandidateStarts(List<QuoteWord> wanted, List<QuoteWord> source)
    {
        var length = wanted.Count;
        var need = wanted.GroupBy(t => t.Folded).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var have = new Dictionary<string, int>(StringComparer.Ordinal);
        var shared = 0;
        var scores = new List<(int Start, int Shared)>();
        for (var i = 0; i < source.Count; i++)
        {
            shared += Add(source[i].Folded, +1);
            if (i >= length)
            {
                shared += Add(source[i - length].Folded, -1);
            }

            if (i >= Math.Min(length, source.Count) - 1)
            {
                scores.Add((Math.Max(0, i - length + 1), shared));
            }
        }

        return scores.OrderByDescending(s => s.Shared).ThenBy(s => s.Start).Take(Candidates).Select(s => s.Start);

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
    /// A passage as <see cref="Find"/> compares it: words with case, accents and quote marks folded, so a diff of two
    /// folded passages shows only the differences that matter.
    /// </summary>
    public static string Folded(string passage) => string.Join(' ', QuoteText.Folded(new QuoteText(passage ?? "").Words));
}
