using BenchmarkDotNet.Attributes;
using CitationMonitor.Benchmarks.Inputs;
using CitationMonitor.Domain.Text;
using HtmlAgilityPack;

namespace CitationMonitor.Benchmarks;

/// <summary>
/// Where the time of one HTML extraction goes: decoding the bytes, HtmlAgilityPack building the DOM, and the whole
/// <c>ContentExtractor.Extract</c>. Extract minus the first two is the extractor's own traversal and rendering.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BenchmarkConfig))]
public class HtmlPhaseBenchmarks
{
    private byte[] _page = [];
    private string _html = "";

    [GlobalSetup]
    public void Setup()
    {
        _page = GovernmentPage.Build(edited: true);
        _html = ContentExtractor.DecodeText(_page, GovernmentPage.ContentType);
    }

    [Benchmark]
    public string Decode() => ContentExtractor.DecodeText(_page, GovernmentPage.ContentType);

    /// <summary>The parse alone, with the nesting limit the extractor sets.</summary>
    [Benchmark]
    public HtmlDocument Parse()
    {
        var document = new HtmlDocument { OptionMaxNestedChildNodes = 1000 };
        document.LoadHtml(_html);
        return document;
    }

    [Benchmark(Baseline = true)]
    public ExtractedContent Extract() => ContentExtractor.Extract(_page, GovernmentPage.ContentType);
}
