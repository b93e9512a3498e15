using BenchmarkDotNet.Attributes;
using CitationMonitor.Benchmarks.Inputs;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Benchmarks;

/// <summary>Extraction and word diff of a ~1 MB government page and its version with a few words changed.</summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkConfig))]
// Not sealed: BenchmarkDotNet derives its runner from each benchmark class (true of all three classes here).
public class HtmlPageBenchmarks
{
    private byte[] _oldPage = [];
    private byte[] _newPage = [];
    private string _oldText = "";
    private string _newText = "";

    [GlobalSetup]
    public void Setup()
    {
        _oldPage = GovernmentPage.Build(edited: false);
        _newPage = GovernmentPage.Build(edited: true);
        _oldText = ContentExtractor.Extract(_oldPage, GovernmentPage.ContentType).Text;
        _newText = ContentExtractor.Extract(_newPage, GovernmentPage.ContentType).Text;
        InputCheck.Diff("html", _oldPage, _oldText, TextComparer.Compare(_oldText, _newText));
    }

    /// <summary>Both versions extracted, then compared: the whole job from two bodies.</summary>
    [Benchmark(Baseline = true)]
    public TextComparison ExtractBothAndDiff()
    {
        var before = ContentExtractor.Extract(_oldPage, GovernmentPage.ContentType);
        var after = ContentExtractor.Extract(_newPage, GovernmentPage.ContentType);
        return TextComparer.Compare(before.Text, after.Text);
    }

    /// <summary>What one check does: the new body extracted, compared with the text stored from the last snapshot.</summary>
    [Benchmark]
    public TextComparison ExtractNewAndDiffStored()
    {
        var after = ContentExtractor.Extract(_newPage, GovernmentPage.ContentType);
        return TextComparer.Compare(_oldText, after.Text);
    }

    [Benchmark]
    public ExtractedContent ExtractOne() => ContentExtractor.Extract(_newPage, GovernmentPage.ContentType);

    [Benchmark]
    public TextComparison DiffOnly() => TextComparer.Compare(_oldText, _newText);
}
