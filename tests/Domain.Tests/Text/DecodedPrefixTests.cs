using System.Text;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Tests.Text;

/// <summary>Only the first megabytes of a huge body are decoded, cut where no UTF-8 character is split.</summary>
public sealed class DecodedPrefixTests
{
    [Theory]
    [InlineData("é", 7)]
    [InlineData("€", 8)]
    [InlineData("😀", 9)]
    [InlineData("a", 9)]
    public void Prefix_NeverEndsInsideACharacter(string character, int limit)
    {
        var body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(character, 20)));

        var prefix = ContentExtractor.Prefix(body, limit).ToArray();

        Assert.True(prefix.Length <= limit && prefix.Length > limit - 4);
        Assert.Equal(0, prefix.Length % Encoding.UTF8.GetByteCount(character));
        Assert.True(Encoding.UTF8.GetString(prefix).All(c => c != '\uFFFD'));
    }

    [Fact]
    public void HugePage_InUtf8WithoutDeclaration_IsReadAsUtf8FromItsPrefix()
    {
        // Long enough that the cut falls inside "ñ" at some point: the prefix must still read as valid UTF-8.
        var paragraph = "<p>Año de la niñez migrante en Tapachula.</p>";
        var html = "<html><body><main>" + string.Concat(Enumerable.Repeat(paragraph, (ContentExtractor.MaxHtmlBytes / paragraph.Length) + 50)) + "</main></body></html>";

        var content = ContentExtractor.Extract(Encoding.UTF8.GetBytes(html), "text/html");

        Assert.StartsWith("Año de la niñez migrante en Tapachula.", content.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ã", content.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void ElementDenseMarkup_IsParsedUpToTheElementBudget()
    {
        var html = "<html><body><main><p>Opening paragraph of the report.</p>"
            + string.Concat(Enumerable.Repeat("<span>x</span>", ContentExtractor.MaxHtmlElements * 2)) + "<p>Never reached.</p></main></body></html>";

        var cut = ContentExtractor.UpToElements(html, ContentExtractor.MaxHtmlElements);
        var content = ContentExtractor.Extract(Encoding.UTF8.GetBytes(html), "text/html");

        Assert.Equal(ContentExtractor.MaxHtmlElements, cut.Count(c => c == '<') - cut.Split("</").Length + 1);
        Assert.StartsWith("Opening paragraph of the report.", content.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Never reached.", content.Text, StringComparison.Ordinal);
        Assert.Equal("<p>a</p><p>b</p>", ContentExtractor.UpToElements("<p>a</p><p>b</p>", 2));
        Assert.Equal("<p>a</p>", ContentExtractor.UpToElements("<p>a</p><p>b</p>", 1));
    }

    [Fact]
    public void DeeplyNestedPage_KeepsItsTitle()
    {
        var html = "<html><head><title>Informe &amp; anexos</title></head><body>" + string.Concat(Enumerable.Repeat("<div>", 100_000))
            + "deep text" + string.Concat(Enumerable.Repeat("</div>", 100_000)) + "</body></html>";

        var content = ContentExtractor.Extract(Encoding.UTF8.GetBytes(html), "text/html");

        Assert.Equal("Informe & anexos", content.Title);
        Assert.Contains("deep text", content.Text, StringComparison.Ordinal);
    }
}
