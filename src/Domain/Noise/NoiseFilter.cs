using System.Text.RegularExpressions;
using DiffPlex;
using DiffPlex.Chunkers;

namespace CitationMonitor.Domain.Noise;

/// <summary>
/// Turns an extracted text into the text that is compared, and learns which lines of a page are volatile:
/// the parts that differ between two fetches made seconds apart are page noise, not edits.
/// </summary>
public static partial class NoiseFilter
{
    /// <summary>The text with ignore patterns removed and volatile lines dropped, one line per line.</summary>
    public static string Comparable(string text, NoiseRules rules)
    {
        foreach (var pattern in rules.IgnorePatterns)
        {
            try
            {
                text = pattern.Replace(text, "");
            }
            catch (RegexMatchTimeoutException)
            {
                // A configured pattern too slow for this page is skipped rather than failing the check.
            }
        }

        var lines = text.Split('\n')
            .Select(line => Spaces().Replace(line, " ").Trim())
            .Where(line => line.Length > 0 && !rules.VolatileShapes.Contains(Shape(line)));
        return string.Join('\n', lines);
    }

    /// <summary>
    /// A line with what typically ticks between fetches made generic: every run of digits becomes <c>0</c> and every
    /// long token (session ids, CSRF tokens, hashes) becomes <c>*</c>. "Visitas: 1234" and "Visitas: 1301" share a shape.
    /// </summary>
    public static string Shape(string line) =>
        Digits().Replace(Token().Replace(Spaces().Replace(line, " ").Trim(), IdLike), "0");

    // A long run is an id when it mixes letters and digits; a long plain word is kept.
    private static string IdLike(Match match) =>
        match.ValueSpan.ContainsAnyInRange('0', '9') && match.ValueSpan.ContainsAnyExceptInRange('0', '9') ? "*" : match.Value;

    /// <summary>
    /// The lines that are volatile, by shape with one example line each, judged from the baseline and two fetches of
    /// the new version: every line that differs between <paramref name="first"/> and <paramref name="second"/>, and the
    /// baseline lines those volatile lines replaced (a rotating box had other items in the baseline too).
    /// </summary>
    public static IReadOnlyDictionary<string, string> LearnVolatile(string baseline, string first, string second)
    {
        var differ = Differ.Instance;
        var volatileShapes = new Dictionary<string, string>(StringComparer.Ordinal);
        var refetch = differ.CreateDiffs(first, second, ignoreWhiteSpace: true, ignoreCase: false, LineChunker.Instance);
        foreach (var block in refetch.DiffBlocks)
        {
            AddShapes(refetch.PiecesOld, block.DeleteStartA, block.DeleteCountA, volatileShapes);
            AddShapes(refetch.PiecesNew, block.InsertStartB, block.InsertCountB, volatileShapes);
        }

        if (volatileShapes.Count == 0)
        {
            return volatileShapes;
        }

        // Baseline lines replaced, one for one, by volatile lines were the same box with other content.
        var sinceBaseline = differ.CreateDiffs(baseline, second, ignoreWhiteSpace: true, ignoreCase: false, LineChunker.Instance);
        var learned = new Dictionary<string, string>(volatileShapes, StringComparer.Ordinal);
        foreach (var block in sinceBaseline.DiffBlocks)
        {
            var inserted = Enumerable.Range(block.InsertStartB, block.InsertCountB).Select(i => Shape(sinceBaseline.PiecesNew[i])).ToList();
            var deleted = Enumerable.Range(block.DeleteStartA, block.DeleteCountA).Select(i => sinceBaseline.PiecesOld[i]).ToList();
            if (inserted.Count == deleted.Count)
            {
                for (var i = 0; i < inserted.Count; i++)
                {
                    if (volatileShapes.ContainsKey(inserted[i]))
                    {
                        Add(learned, deleted[i]);
                    }
                }
            }
            else if (inserted.Count > 0 && inserted.All(volatileShapes.ContainsKey))
            {
                deleted.ForEach(line => Add(learned, line));
            }
        }

        return learned;
    }

    private static void AddShapes(IReadOnlyList<string> pieces, int start, int count, Dictionary<string, string> shapes)
    {
        for (var i = start; i < start + count; i++)
        {
            Add(shapes, pieces[i]);
        }
    }

    private static void Add(Dictionary<string, string> shapes, string line)
    {
        var shape = Shape(line);
        if (shape.Length > 0)
        {
            shapes.TryAdd(shape, Spaces().Replace(line, " ").Trim());
        }
    }

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Digits();

    // Long runs of token characters: candidates for ids, tokens and hashes (linear, whatever the input).
    [GeneratedRegex(@"[A-Za-z0-9_\-+/=]{16,}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Token();

    [GeneratedRegex(@"[ \t\u00A0]+", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Spaces();
}
