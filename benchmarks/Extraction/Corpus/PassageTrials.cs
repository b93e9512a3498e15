using System.Text;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Extraction.Corpus;

/// <summary>Which annotation a passage comes from.</summary>
public enum PassageKind
{
    /// <summary>A <c>without</c> passage: altering it must leave the extracted text as it was.</summary>
    Boilerplate,

    /// <summary>A <c>with</c> passage: altering it must change the extracted text, and the diff must name the words.</summary>
    MainText,
}

/// <summary>One passage of a page altered in a copy of the page, and what the extractor made of the copy.</summary>
/// <param name="File">The page's file.</param>
/// <param name="Kind">Boilerplate or main text.</param>
/// <param name="Passage">The annotated passage.</param>
/// <param name="Alteration">The alteration (its bytes dropped once extracted), or why there is none.</param>
/// <param name="InOriginalText">Whether the text extracted from the unaltered page contains the passage (<see cref="PageMarkup.Collapsed"/>).</param>
/// <param name="Comparison">The unaltered page's text compared with the copy's; null when the passage does not count.</param>
/// <param name="SameText">Whether the copy's text is the unaltered page's, character for character.</param>
public sealed record PassageTrial(
    string File, PassageKind Kind, string Passage, PassageAlteration Alteration, bool InOriginalText, TextComparison? Comparison, bool SameText)
{
    /// <summary>
    /// Whether the trial counts: the passage was altered, and the extractor, on the unaltered page, left it out (boilerplate)
    /// or kept it (main text). Other passages say nothing about whether the text follows the page's main text.
    /// </summary>
    public bool Counts => Comparison is not null;

    /// <summary>
    /// Whether it went as it must: the same text, character for character, for boilerplate; for main text a change whose deleted words include the
    /// word and whose inserted words include the altered word.
    /// </summary>
    public bool Held => Comparison is { } comparison
        && (Kind == PassageKind.Boilerplate
            ? SameText
            : comparison.Changed && Named(comparison, DiffType.Delete, Alteration.Word) && Named(comparison, DiffType.Insert, Alteration.AlteredWord));

    /// <summary>Words of the diff other than the altered one and its reversal: the text moved beyond the alteration.</summary>
    public int OtherWords => Comparison is { } comparison
        ? Words(comparison, DiffType.Delete).Count(w => !w.Contains(Nfc(Alteration.Word), StringComparison.Ordinal))
            + Words(comparison, DiffType.Insert).Count(w => !w.Contains(Nfc(Alteration.AlteredWord), StringComparison.Ordinal))
        : 0;

    /// <summary>What went wrong, in a line, for a trial that did not hold.</summary>
    public string Failure => Comparison is not { } comparison || Held
        ? ""
        : Kind == PassageKind.Boilerplate
            ? comparison.Changed ? $"the text changed (+{comparison.InsertedWords} −{comparison.DeletedWords} words, {OtherWords} of them not the altered word): {Excerpt(comparison)}" : "the text changed in white space only"
            : comparison.Changed
                ? $"the diff does not name \"{Alteration.Word}\" → \"{Alteration.AlteredWord}\" (+{comparison.InsertedWords} −{comparison.DeletedWords} words): {Excerpt(comparison)}"
                : $"the text did not change (\"{Alteration.Word}\" → \"{Alteration.AlteredWord}\" in {Alteration.Occurrences} place(s))";

    public override string ToString() => $"{File} {Kind} \"{Passage}\"";

    private static bool Named(TextComparison comparison, DiffType type, string word) =>
        Words(comparison, type).Any(w => w.Contains(Nfc(word), StringComparison.Ordinal));

    private static IEnumerable<string> Words(TextComparison comparison, DiffType type) =>
        comparison.Diff.Where(segment => segment.Type == type).SelectMany(segment => segment.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string Nfc(string text) => text.Normalize(NormalizationForm.FormC);

    private static string Excerpt(TextComparison comparison)
    {
        var changes = string.Join(" ", comparison.Diff.Where(s => s.Type != DiffType.Equal).Select(s => $"{(s.Type == DiffType.Delete ? "-" : "+")}[{s.Text}]"));
        return changes.Length <= 300 ? changes : string.Concat(changes.AsSpan(0, 300), "…");
    }
}

/// <summary>
/// Alters each annotated passage of a page in a copy of its own (<see cref="PageMarkup"/>) and extracts the copy as a
/// fetched <c>text/html</c> body (<see cref="ContentExtractor.Extract(ReadOnlySpan{byte}, string?)"/>), for the passages
/// that count (<see cref="PassageTrial.Counts"/>). Shared, as source, by <c>benchmarks/Extraction</c> and <c>tests/Domain.Tests</c>.
/// </summary>
public static class PassageTrials
{
    private const string ContentType = "text/html";

    /// <summary>One trial per passage of <paramref name="page"/> of the kinds asked for (both when none is given).</summary>
    public static IReadOnlyList<PassageTrial> Run(AnnotatedPage page, byte[] body, PassageKind? only = null)
    {
        var text = ContentExtractor.Extract(body, ContentType).Text;
        var found = PageMarkup.Collapsed(text);
        var markup = new PageMarkup(body);
        var trials = new List<PassageTrial>();
        foreach (var (kind, passages) in new[] { (PassageKind.Boilerplate, page.Without), (PassageKind.MainText, page.With) })
        {
            foreach (var passage in only is null || only == kind ? passages : [])
            {
                var alteration = markup.Alter(passage);
                var inText = found.Contains(PageMarkup.Collapsed(passage), StringComparison.Ordinal);
                var counts = alteration.Body is not null && inText == (kind == PassageKind.MainText);
                var altered = counts ? ContentExtractor.Extract(alteration.Body, ContentType).Text : null;
                var comparison = altered is null ? null : TextComparer.Compare(text, altered);
                trials.Add(new PassageTrial(page.File, kind, passage, alteration with { Body = null }, inText, comparison, altered == text));
            }
        }

        return trials;
    }
}
