using BenchmarkDotNet.Attributes;
using CitationMonitor.Benchmarks.Inputs;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Benchmarks;

/// <summary>Extraction and word diff of a 50-page PDF report and its version with one sentence changed.</summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkConfig))]
public class PdfReportBenchmarks
{
    private byte[] _oldReport = [];
    private byte[] _newReport = [];
    private string _oldText = "";
    private string _newText = "";

    [GlobalSetup]
    public void Setup()
    {
        _oldReport = ReportPdf.Build(edited: false);
        _newReport = ReportPdf.Build(edited: true);
        _oldText = ContentExtractor.Extract(_oldReport, ReportPdf.ContentType).Text;
        _newText = ContentExtractor.Extract(_newReport, ReportPdf.ContentType).Text;
        InputCheck.Diff("pdf", _oldReport, _oldText, TextComparer.Compare(_oldText, _newText));
    }

    /// <summary>Both versions extracted, then compared: the whole job from two bodies.</summary>
    [Benchmark(Baseline = true)]
    public TextComparison ExtractBothAndDiff()
    {
        var before = ContentExtractor.Extract(_oldReport, ReportPdf.ContentType);
        var after = ContentExtractor.Extract(_newReport, ReportPdf.ContentType);
        return TextComparer.Compare(before.Text, after.Text);
    }

    /// <summary>What one check does: the new body extracted, compared with the text stored from the last snapshot.</summary>
    [Benchmark]
    public TextComparison ExtractNewAndDiffStored()
    {
        var after = ContentExtractor.Extract(_newReport, ReportPdf.ContentType);
        return TextComparer.Compare(_oldText, after.Text);
    }

    [Benchmark]
    public ExtractedContent ExtractOne() => ContentExtractor.Extract(_newReport, ReportPdf.ContentType);

    [Benchmark]
    public TextComparison DiffOnly() => TextComparer.Compare(_oldText, _newText);
}
