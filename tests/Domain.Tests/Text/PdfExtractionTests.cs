using CitationMonitor.Domain.Text;
using CitationMonitor.TestSupport.Fixtures;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CitationMonitor.Domain.Tests.Text;

public sealed class PdfExtractionTests
{
    private static byte[] BuildPdf(string? title, params string[][] pages)
    {
        using var builder = new PdfDocumentBuilder();
        if (title is not null)
        {
            builder.DocumentInformation.Title = title;
        }

        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(595, 842);
            var y = 780.0;
            foreach (var line in lines)
            {
                page.AddText(line, 12, new PdfPoint(50, y), font);
                y -= 20;
            }
        }

        return builder.Build();
    }

    private static readonly string[][] TwoPages =
    [
        ["Universal Declaration of Human Rights", "Article 1 All human beings are born free."],
        ["Article 2 Everyone is entitled to all the rights."],
    ];

    [Fact]
    public void TwoPagePdfYieldsBothPagesTextAndItsTitle()
    {
        var content = ContentExtractor.Extract(BuildPdf("UDHR excerpt", TwoPages), "application/pdf");

        Assert.Equal("pdf", content.Kind);
        Assert.Equal("UDHR excerpt", content.Title);
        Assert.Equal(
            "Universal Declaration of Human Rights\nArticle 1 All human beings are born free.\nArticle 2 Everyone is entitled to all the rights.",
            content.Text);
    }

    [Fact]
    public void PdfWithoutTitleHasNullTitle()
    {
        Assert.Null(ContentExtractor.Extract(BuildPdf(null, TwoPages), "application/pdf").Title);
    }

    [Fact]
    public void RegeneratedPdfWithTheSameTextExtractsTheSameText()
    {
        var first = ContentExtractor.Extract(BuildPdf("First build", TwoPages), "application/pdf");
        var second = ContentExtractor.Extract(BuildPdf("Second build", TwoPages), "application/pdf");

        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public void PdfIsRecognizedFromItsBytesWhenServedAsOctetStream()
    {
        var content = ContentExtractor.Extract(BuildPdf("Sniffed", TwoPages), "application/octet-stream");

        Assert.Equal("pdf", content.Kind);
        Assert.Contains("Article 2", content.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void NonPdfBodyServedAsPdfGivesEmptyTextWithoutThrowing()
    {
        var content = ContentExtractor.Extract("<html><body>Access denied</body></html>"u8, "application/pdf");

        Assert.Equal(new ExtractedContent("pdf", null, ""), content);
    }

    [Fact]
    public void TruncatedPdfDoesNotThrow()
    {
        var bytes = BuildPdf("Cut short", TwoPages);

        foreach (var length in new[] { 5, 20, bytes.Length / 3, bytes.Length / 2, bytes.Length - 40 })
        {
            var content = ContentExtractor.Extract(bytes.AsSpan(0, length), "application/pdf");
            Assert.Equal("pdf", content.Kind);
        }
    }

    [Fact]
    public void TitleAndCreationAndModificationDatesComeFromTheMetadata()
    {
        var content = ContentExtractor.Extract(FixturePdfs.Original(), "application/pdf");

        Assert.Equal(FixturePdfs.Title, content.Title);
        Assert.Equal(FixturePdfs.Created, content.Published);
        Assert.Equal(FixturePdfs.Modified, content.Modified);
        Assert.Equal(
            "Report on pre-trial detention\nSummary of findings\nThe committee visited 12 facilities in 2023.\n"
            + "Overcrowding exceeded 140 percent in three of them.\nRecommendations\nLimit pre-trial detention to exceptional cases.\n"
            + "Publish monthly occupancy data.",
            content.Text);
    }

    [Fact]
    public void PdfRegeneratedWithOtherMetadataAndLayoutExtractsTheSameText()
    {
        var original = FixturePdfs.Original();
        var regenerated = FixturePdfs.Regenerated();

        var first = ContentExtractor.Extract(original, "application/pdf");
        var second = ContentExtractor.Extract(regenerated, "application/pdf");

        Assert.NotEqual(original, regenerated);
        Assert.Equal(first.Text, second.Text);
        Assert.NotEqual(first.Modified, second.Modified);
    }

    [Fact]
    public void PdfWithOneSentenceChangedDiffsToExactlyTheChangedWord()
    {
        var first = ContentExtractor.Extract(FixturePdfs.Original(), "application/pdf");
        var second = ContentExtractor.Extract(FixturePdfs.SentenceChanged(), "application/pdf");

        var comparison = TextComparer.Compare(first.Text, second.Text);

        Assert.Equal([new DiffSegment(DiffType.Delete, "12"), new DiffSegment(DiffType.Insert, "15")], comparison.Diff.Where(s => s.Type != DiffType.Equal));
    }

    [Fact]
    public void PdfWithoutDatesHasNullDates()
    {
        var content = ContentExtractor.Extract(BuildPdf("No dates", TwoPages), "application/pdf");

        Assert.Null(content.Published);
        Assert.Null(content.Modified);
    }
}
