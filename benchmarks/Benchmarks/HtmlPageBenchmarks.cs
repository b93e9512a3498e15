using CitationMonitor.Benchmarks.Inputs;

namespace CitationMonitor.Benchmarks;

/// <summary>Extraction and word diff of a ~1 MB government page and its version with a few words changed.</summary>
public class HtmlPageBenchmarks : DocumentPairBenchmarks
{
    protected override string Label => "html";

    protected override string ContentType => GovernmentPage.ContentType;

    protected override byte[] Build(bool edited) => GovernmentPage.Build(edited);
}
