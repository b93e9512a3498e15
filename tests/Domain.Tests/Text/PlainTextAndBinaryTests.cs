using System.Text;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Tests.Text;

public sealed class PlainTextAndBinaryTests
{
    [Fact]
    public void PlainTextKeepsItsLinesWithNormalizedEndingsAndTrimmedTrailingSpaces()
    {
        var bytes = Encoding.UTF8.GetBytes("\r\nFirst line   \r\n  indented\r\n\r\nCafe\u0301 \t\rlast\n\n");

        var content = ContentExtractor.Extract(bytes, "text/plain; charset=utf-8");

        Assert.Equal("text", content.Kind);
        Assert.Null(content.Title);
        Assert.Equal("First line\n  indented\n\nCafé\nlast", content.Text);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/ld+json")]
    [InlineData("text/csv")]
    [InlineData("application/xml")]
    public void JsonXmlAndOtherTextTypesAreText(string contentType)
    {
        Assert.Equal("text", ContentExtractor.Extract("{\"a\": 1}"u8, contentType).Kind);
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData(null)]
    [InlineData("application/octet-stream")]
    public void UnrecognizedBytesAreBinaryWithEmptyText(string? contentType)
    {
        byte[] bytes = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0x10];

        var content = ContentExtractor.Extract(bytes, contentType);

        Assert.Equal(new ExtractedContent("binary", null, ""), content);
    }

    [Fact]
    public void EmptyBodyDoesNotThrow()
    {
        Assert.Equal("", ContentExtractor.Extract([], "text/html").Text);
        Assert.Equal("", ContentExtractor.Extract([], "application/pdf").Text);
        Assert.Equal("binary", ContentExtractor.Extract([], null).Kind);
    }
}
