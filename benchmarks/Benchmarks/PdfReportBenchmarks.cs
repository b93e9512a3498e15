using CitationMonitor.Benchmarks.Inputs;

namespace CitationMonitor.Benchmarks;

/// <summary>Extraction and word diff of a 50-page PDF report and its version with one sentence changed.</summary>
public class PdfReportBenchmarks : DocumentPairBenchmarks
{
    protected override string Label => "pdf";

    protected override string ContentType => ReportPdf.ContentType;

    protected override byte[] Build(bool edited) => ReportPdf.Build(edited);
}
