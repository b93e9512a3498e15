using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CitationMonitor.Extraction.Corpus;

namespace CitationMonitor.Extraction;

/// <summary>
/// Changes measured on the corpus: every annotated passage found verbatim in its page's markup is altered in a copy of
/// the page (<see cref="PageMarkup"/>, one copy per passage) and the copy extracted (<see cref="PassageTrials"/>).
/// Boilerplate the extractor leaves out must leave the text as it was when altered (target: the text changes on at
/// most 1 % of pages); main text it keeps must change the text there, the diff naming the altered word (target: on at
/// least 99 % of pages). Prints both rates per page and per passage, the counts behind them and the worst failures, and
/// writes every failure to a file.
/// </summary>
internal static class Alterations
{
    public static void Run(AnnotatedCorpus corpus, IReadOnlyDictionary<string, byte[]> bodies, int worst, string failuresFile)
    {
        var started = Stopwatch.GetTimestamp();
        var trials = new ConcurrentBag<PassageTrial>();
        Parallel.ForEach(corpus.Pages, page =>
        {
            foreach (var trial in PassageTrials.Run(page, bodies[page.File]))
            {
                trials.Add(trial);
            }
        });
        var elapsed = Stopwatch.GetElapsedTime(started);

        Console.WriteLine(Invariant($"Alterations: {corpus.Pages.Count} pages, one copy per passage found verbatim, in {elapsed.TotalSeconds:F0} s on {Environment.ProcessorCount} threads"));
        var boilerplate = Report(trials, PassageKind.Boilerplate, "boilerplate (without)", "left out", "changed the text", failing: true, target: 0.01);
        var mainText = Report(trials, PassageKind.MainText, "main text (with)", "kept", "gave a change naming the altered word", failing: false, target: 0.99);

        var failures = boilerplate.Concat(mainText).ToList();
        File.WriteAllLines(failuresFile, failures.Select(t => $"{t.File}\t{t.Kind}\t{t.Passage}\t{t.Failure}"));
        Console.WriteLine(Invariant($"{failures.Count} failures (all in {failuresFile}); the worst, by words of the text moved beyond the altered one:"));
        foreach (var trial in failures.GroupBy(t => t.Kind).SelectMany(kind => kind.OrderByDescending(t => t.OtherWords).ThenBy(t => t.File, StringComparer.Ordinal).Take(worst)))
        {
            Console.WriteLine($"  {(trial.Kind == PassageKind.Boilerplate ? "boilerplate" : "main text"),-11} {trial.File}  \"{Shortened(trial.Passage)}\"");
            Console.WriteLine($"              {trial.Failure}");
        }
    }

    /// <summary>Prints one kind's counts and rates; returns its failed trials.</summary>
    private static List<PassageTrial> Report(IEnumerable<PassageTrial> all, PassageKind kind, string name, string counted, string outcome, bool failing, double target)
    {
        var trials = all.Where(t => t.Kind == kind).ToList();
        var skipped = trials.Where(t => t.Alteration.Status != AlterationStatus.Altered).GroupBy(t => t.Alteration.Status)
            .OrderBy(g => g.Key).Select(g => Invariant($"{g.Count()} {Why(g.Key)}"));
        var counting = trials.Where(t => t.Counts).ToList();
        var failed = counting.Where(t => !t.Held).ToList();
        var pages = counting.Select(t => t.File).Distinct().Count();
        var failedPages = failed.Select(t => t.File).Distinct().Count();

        // The boilerplate rate is of pages where an alteration changed the text; the main-text rate, of pages where every one held.
        var (pageRate, passageRate) = failing
            ? (Rate(failedPages, pages), Rate(failed.Count, counting.Count))
            : (Rate(pages - failedPages, pages), Rate(counting.Count - failed.Count, counting.Count));
        var met = failing ? pageRate <= target : pageRate >= target;
        var (pageCount, passageCount) = failing ? (failedPages, failed.Count) : (pages - failedPages, counting.Count - failed.Count);
        Console.WriteLine(Invariant(
            $"{name}: {trials.Count} passages, {trials.Count(t => t.Alteration.Status == AlterationStatus.Altered)} verbatim in the markup and altered (not: {string.Join(", ", skipped)}), {counting.Count} of them {counted} by the extractor, on {pages} pages"));
        Console.WriteLine(Invariant(
            $"  altering one {outcome} on {pageCount} of {pages} pages ({pageRate:P2}; target {(failing ? "at most" : "at least")} {target:P0}: {(met ? "met" : "missed")}), for {passageCount} of {counting.Count} passages ({passageRate:P2})"));
        if (!failing)
        {
            Console.WriteLine(Invariant($"  {counting.Count(t => t.Held && t.OtherWords > 0)} of the changes named more words than the altered one"));
        }

        return failed;
    }

    private static string Why(AlterationStatus status) => status switch
    {
        AlterationStatus.MarkupCharacters => "with & < or >",
        AlterationStatus.NotVerbatim => "not verbatim",
        AlterationStatus.AlsoWrittenOtherwise => "also written otherwise",
        AlterationStatus.NoWordToAlter => "no word to alter",
        AlterationStatus.NotReencoded => "not found in the bytes",
        _ => status.ToString(),
    };

    private static double Rate(int count, int total) => total == 0 ? 0 : (double)count / total;

    private static string Shortened(string passage) => passage.Length <= 100 ? passage : string.Concat(passage.AsSpan(0, 100), "…");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
