using CitationMonitor.Extraction.Corpus;

namespace CitationMonitor.Domain.Tests.Text;

/// <summary>
/// Changes measured on a sample of the annotated corpus (<c>../shared/corpora/extraction</c>, beside the repository;
/// the whole corpus is measured by <c>benchmarks/Extraction</c>, with the same code, linked from
/// <c>benchmarks/Extraction/Corpus</c>). On each page, every annotated passage found verbatim in the markup is altered
/// in a copy of the page: one word reversed (<see cref="PageMarkup"/>). Boilerplate that the extractor leaves out of the
/// unaltered page must leave the text exactly as it was; main text that it keeps must change the text, the diff naming
/// the word and its reversal. Passages the extractor keeps as boilerplate or misses as main text do not count, so an
/// extractor that gets better only brings more passages in.
/// </summary>
public sealed class CorpusAlterationTests
{
    /// <summary>
    /// 40 pages, fixed: of the 927 pages (in file-name order) with a passage of each kind found verbatim and altered,
    /// the one at position ⌊i × 927 / 40⌋ for i = 0 … 39.
    /// </summary>
    public static TheoryData<string> Sample() =>
        [.. SampleFiles.Split(' ', '\n').Select(name => $"{name}.html.gz")];

    private const string SampleFiles = """
        00358e7b04dad0fd 0764c9671399ba4a 0f87f9f3ec7d00b9 14eea387ddda53eb 1beefd4319c0b7c3 22d8e74a49999cef 2adaeac171c38fdc 35869e1ff9844efa
        3b52a85b21c46adc 406a583172f1f233 46fec83e7ca89ebc 4b4be16c6350aa92 4f34f12679836f47 55a2172d68128703 5bb284a277c0c113 62fbc03e9235e7e5
        698681e765f38941 702f2b1bbe13cdcc 778cb8c57195fd95 7cd70b5e4756b27c 837e00c3207fa7c0 89111dd14bd5808e 8f24b7728d132978 985565414d2ee961
        9f65448c0c8e52fe a4af7ce8d2b9ac4a ab207f37f7307a31 afe10fbddd1f171f b519185d70718070 ba9ec7f193b354ac bf2c0382e610ef91 c69ca40ad157fb78
        cf1ccafd24b5f062 d721dfdbfc91d534 dee36c56b00abec5 e318cc0f63c18a85 ea0efaf06e3065af eeab8e702b56ac5d f6431c03b206c6e0 f9f037d1ce3dc27c
        """;

    private static readonly Lazy<AnnotatedCorpus?> Corpus = new(() =>
        AnnotatedCorpus.Find(Directory.GetCurrentDirectory()) is { } folder ? AnnotatedCorpus.Load(folder) : null);

    [Theory]
    [MemberData(nameof(Sample))]
    public void AlteringBoilerplateThatTheExtractorLeavesOutLeavesTheTextAsItWas(string file) =>
        AssertEveryCountingTrialHeld(file, PassageKind.Boilerplate);

    [Theory]
    [MemberData(nameof(Sample))]
    public void AlteringMainTextThatTheExtractorKeepsIsAChangeNamingTheAlteredWord(string file) =>
        AssertEveryCountingTrialHeld(file, PassageKind.MainText);

    private static void AssertEveryCountingTrialHeld(string file, PassageKind kind)
    {
        var corpus = Corpus.Value;
        Assert.True(corpus is not null,
            "The annotated corpus was not found: these tests read ../shared/corpora/extraction (annotations.json and pages/) " +
            $"beside the repository, looked for from {Directory.GetCurrentDirectory()} and every folder above it.");

        var page = corpus.Page(file);
        var trials = PassageTrials.Run(page, corpus.Body(page), kind);

        // The sample was chosen for its verbatim passages: none found means the finding broke, not that the page is fine.
        Assert.Contains(trials, trial => trial.Alteration.Status == AlterationStatus.Altered);
        var failed = trials.Where(trial => trial.Counts && !trial.Held).Select(trial => $"\"{trial.Passage}\": {trial.Failure}").ToList();
        Assert.True(failed.Count == 0, $"{page.Url} ({file}):\n{string.Join("\n", failed)}");
    }
}
