using CitationMonitor.Domain.Text;
using HtmlAgilityPack;

namespace CitationMonitor.Domain.Tests.Text;

public sealed class CssSelectorTests
{
    private static List<HtmlNode> Select(string html, string css)
    {
        var document = new HtmlDocument();
        document.LoadHtml(html);
        return [.. document.DocumentNode.SelectNodes(CssSelector.ToXPath(css)) ?? Enumerable.Empty<HtmlNode>()];
    }

    [Theory]
    [InlineData("div", "//div")]
    [InlineData("DIV", "//div")]
    [InlineData("*", "//*")]
    [InlineData("#visitas", "//*[@id='visitas']")]
    [InlineData(".news", "//*[contains(concat(' ', normalize-space(@class), ' '), ' news ')]")]
    [InlineData("[data-ts]", "//*[@data-ts]")]
    [InlineData("input[type=hidden]", "//input[@type='hidden']")]
    [InlineData("a[href^='/prensa']", "//a[starts-with(@href, '/prensa')]")]
    [InlineData("a[href*=\"share\"]", "//a[contains(@href, 'share')]")]
    [InlineData("div.news#x", "//div[contains(concat(' ', normalize-space(@class), ' '), ' news ')][@id='x']")]
    [InlineData("td.col  span", "//td[contains(concat(' ', normalize-space(@class), ' '), ' col ')]//span")]
    [InlineData("ul > li", "//ul/li")]
    [InlineData("ul>li", "//ul/li")]
    [InlineData("#a, .b", "//*[@id='a'] | //*[contains(concat(' ', normalize-space(@class), ' '), ' b ')]")]
    [InlineData("[title=\"it's\"]", "//*[@title=\"it's\"]")]
    public void SupportedSelectorTranslatesToTheExpectedXPath(string css, string xpath)
    {
        Assert.Equal(xpath, CssSelector.ToXPath(css));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("a:hover", "pseudo-classes")]
    [InlineData("li:nth-child(2)", "pseudo-classes")]
    [InlineData("h2 + p", "'+' combinator")]
    [InlineData("h2 ~ p", "'~' combinator")]
    [InlineData("a[href$='.pdf']", "'$='")]
    [InlineData("p[class~=x]", "'~='")]
    [InlineData("a[href", "unclosed '['")]
    [InlineData("a[href='x]", "unclosed quoted value")]
    [InlineData("div,", "not followed by a selector")]
    [InlineData("div >", "not followed by a selector")]
    [InlineData(".", "expected class name")]
    [InlineData("a[href=x i]", "flags")]
    [InlineData("svg|rect", "unexpected '|'")]
    public void UnsupportedSelectorIsRejectedWithAMessageSayingWhy(string css, string reason)
    {
        var exception = Assert.Throws<ArgumentException>(() => CssSelector.ToXPath(css));

        Assert.Contains(reason, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassSelectorMatchesWholeClassTokensOnly()
    {
        var matches = Select("""<div class="news"></div><div class=" top  news "></div><div class="newsletter"></div><div class="latest-news"></div>""", ".news");

        Assert.Equal(2, matches.Count);
    }

    [Fact]
    public void ChildCombinatorDoesNotMatchDeeperDescendants()
    {
        const string list = "<ul id='m'><li>direct<ul><li>nested</li></ul></li></ul>";

        Assert.Single(Select(list, "#m > li"));
        Assert.Equal(2, Select(list, "#m li").Count);
    }

    [Fact]
    public void AttributeValueWithAnApostropheIsQuotedSoItStillMatches()
    {
        Assert.Single(Select("""<p title="it's">x</p><p title="its">y</p>""", "p[title=\"it's\"]"));
    }
}
