using System.Text;
using CitationMonitor.Domain.Text;
using CitationMonitor.TestSupport.Fixtures;

namespace CitationMonitor.Domain.Tests.Text;

public sealed class IgnoreSelectorTests
{
    private const string Page = """
        <html><body><main>
          <h1>Resolución 4/2024</h1>
          <p class="stamp">Consultado el 15/01/2024 a las 10:31:07</p>
          <div id="live" class="ticker news">Última hora: 12 visitas</div>
          <p>La Corte ordena al Estado adoptar medidas de reparación integral para las víctimas y sus familias.</p>
          <p data-ts="1705300000">Actualizado hace 3 minutos</p>
        </main></body></html>
        """;

    private static string Extract(params string[] selectors) =>
        ContentExtractor.Extract(Encoding.UTF8.GetBytes(Page), "text/html; charset=utf-8", new ExtractionRules(selectors)).Text;

    [Fact]
    public void CssSelectorsRemoveTheMatchedElementsBeforeExtraction()
    {
        Assert.Equal(
            "Resolución 4/2024\nLa Corte ordena al Estado adoptar medidas de reparación integral para las víctimas y sus familias.",
            Extract("p.stamp", "div#live.news", "[data-ts]"));
    }

    [Fact]
    public void XPathSelectorsRemoveTheMatchedElementsToo()
    {
        Assert.Equal(
            "Resolución 4/2024\nLa Corte ordena al Estado adoptar medidas de reparación integral para las víctimas y sus familias.",
            Extract("//p[@class='stamp']", "(//div[@id='live'])[1]", "//p[@data-ts]"));
    }

    [Fact]
    public void WithoutRulesOrWithNoSelectorsNothingExtraIsRemoved()
    {
        var plain = ContentExtractor.Extract(Encoding.UTF8.GetBytes(Page), "text/html").Text;

        Assert.Contains("Consultado el 15/01/2024", plain, StringComparison.Ordinal);
        Assert.Equal(plain, Extract());
        Assert.Equal(plain, ContentExtractor.Extract(Encoding.UTF8.GetBytes(Page), "text/html", ExtractionRules.None).Text);
    }

    [Fact]
    public void IgnoringTheChangingPartMakesAnOtherwiseEqualPageExtractEqually()
    {
        var later = Page.Replace("10:31:07", "18:02:44", StringComparison.Ordinal);
        var rules = new ExtractionRules(["p.stamp"]);

        var first = ContentExtractor.Extract(Encoding.UTF8.GetBytes(Page), "text/html", rules);
        var second = ContentExtractor.Extract(Encoding.UTF8.GetBytes(later), "text/html", rules);

        Assert.Equal(first.Text, second.Text);
    }

    [Fact]
    public void IgnoreSelectorWorksOnAFixturePage()
    {
        var original = FixturePages.Original(FixturePages.GobMx);
        var rules = new ExtractionRules(["table.table-striped", "dl.pull-left > dd"]);

        var text = ContentExtractor.Extract(original.Body, original.ContentType, rules).Text;

        Assert.DoesNotContain("Jalisco", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Comunicado 027/2024", text, StringComparison.Ordinal);
        Assert.Contains("documenta 37 jornadas", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//p[", "not a valid XPath")]
    [InlineData("(//div", "not a valid XPath")]
    [InlineData("p:first-child", "pseudo-classes")]
    [InlineData(" ", "empty")]
    public void InvalidSelectorIsRejectedWhenRulesAreValidatedAndWhenUsed(string selector, string reason)
    {
        var rules = new ExtractionRules([".ok", selector]);

        var atStartup = Assert.Throws<ArgumentException>(() => rules.ToXPaths());
        var atUse = Assert.Throws<ArgumentException>(() => ContentExtractor.Extract("<html><body>x</body></html>"u8, "text/html", rules));

        Assert.Contains(reason, atStartup.Message, StringComparison.Ordinal);
        Assert.Equal(atStartup.Message, atUse.Message);
    }

    [Fact]
    public void ValidRulesTranslateInOrder()
    {
        Assert.Equal(["//p[@id='x']", "//nav/a"], new ExtractionRules(["//p[@id='x']", "nav > a"]).ToXPaths());
    }
}
