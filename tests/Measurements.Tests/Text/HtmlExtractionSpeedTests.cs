using System.Diagnostics;
using System.Text;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Measurements.Tests.Text;

/// <summary>Extraction of markup built to be slow, against the clock.</summary>
public sealed class HtmlExtractionSpeedTests
{
    [Fact]
    public void DeeplyNestedMarkupIsStrippedQuicklyInsteadOfParsed()
    {
        const int depth = 50_000;
        var page = "<html><head><script>skip()</script></head><body>" + string.Concat(Enumerable.Repeat("<div><span>", depth)) + "deep &amp; nested"
            + string.Concat(Enumerable.Repeat("</span></div>", depth)) + "<p>after</p></body></html>";
        var stopwatch = Stopwatch.StartNew();

        var content = ContentExtractor.Extract(Encoding.UTF8.GetBytes(page), "text/html; charset=utf-8");

        Assert.Equal(new ExtractedContent("html", null, "deep & nested\nafter"), content);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }
}
