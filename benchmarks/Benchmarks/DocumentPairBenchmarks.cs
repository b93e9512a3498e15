using BenchmarkDotNet.Attributes;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Benchmarks;

/// <summary>
/// Extraction and word diff of one document and its edited version: the two costs of a check that grow with the body.
/// Each subclass supplies the bytes; BenchmarkDotNet runs the benchmarks below for each.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkConfig))]
// Not sealed: BenchmarkDotNet derives its runner from each benchmark class.
public abstract class DocumentPairBenchmarks
{
    private byte[] _old = [];
    private byte[] _new = [];
    private string _oldText = "";
    private string _newText = "";

    /// <summary>Short name of the input in setup errors, e.g. <c>html</c>.</summary>
    protected abstract string Label { get; }

    protected abstract string ContentType { get; }

    protected abstract byte[] Build(bool edited);

    [GlobalSetup]
    public void Setup()
    {
        _old = Build(edited: false);
        _new = Build(edited: true);
        _oldText = ContentExtractor.Extract(_old, ContentType).Text;
        _newText = ContentExtractor.Extract(_new, ContentType).Text;
        InputCheck.Diff(Label, _old, _oldText, TextComparer.Compare(_oldText, _newText));
    }

    /// <summary>Both versions extracted, then compared: the whole job from two bodies.</summary>
    [Benchmark(Baseline = true)]
    public TextComparison ExtractBothAndDiff()
    {
        var before = ContentExtractor.Extract(_old, ContentType);
        var after = ContentExtractor.Extract(_new, ContentType);
        return TextComparer.Compare(before.Text, after.Text);
    }

    /// <summary>What one check does: the new body extracted, compared with the text stored from the last snapshot.</summary>
    [Benchmark]
    public TextComparison ExtractNewAndDiffStored()
    {
        var after = ContentExtractor.Extract(_new, ContentType);
        return TextComparer.Compare(_oldText, after.Text);
    }

    [Benchmark]
    public ExtractedContent ExtractOne() => ContentExtractor.Extract(_new, ContentType);

    [Benchmark]
    public TextComparison DiffOnly() => TextComparer.Compare(_oldText, _newText);
}
