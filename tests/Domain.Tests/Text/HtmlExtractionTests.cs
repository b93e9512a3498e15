using System.Text;
using CitationMonitor.Domain.Text;

namespace CitationMonitor.Domain.Tests.Text;

public sealed class HtmlExtractionTests
{
    private const string Html = "text/html; charset=utf-8";

    private static ExtractedContent ExtractUtf8(string html, string? contentType = Html) =>
        ContentExtractor.Extract(Encoding.UTF8.GetBytes(html), contentType);

    [Fact]
    public void PageChromeScriptsAndHiddenElementsAreLeftOutWhileTheContentStays()
    {
        const string page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <title>  Report on
                 detention   conditions </title>
              <style>body { color: red; } .secret { display: none }</style>
              <script>var tracking = "SCRIPT-TEXT";</script>
            </head>
            <body>
              <a class="skip-link" href="#content">Skip to content</a>
              <header><div class="logo">Rights Watch header</div></header>
              <nav><ul><li>Home</li><li>Reports</li></ul></nav>
              <div id="cookie-banner">We use cookies. Accept all?</div>
              <div class="content">
                <h1>Detention conditions in 2024</h1>
                <p>The committee found   overcrowding
                   in <b>three</b> facilities.</p>
                <p hidden>Hidden paragraph</p>
                <p aria-hidden="true">Aria hidden paragraph</p>
                <p style="display: none">Display none paragraph</p>
                <noscript>Enable JavaScript</noscript>
                <template><p>Template text</p></template>
                <svg><text>SVG label</text></svg>
                <!-- an editorial comment -->
                <input type="hidden" value="token">
                <ul><li>First finding</li><li>Second finding</li></ul>
              </div>
              <aside>Related: other reports</aside>
              <form><label>Search the site</label></form>
              <div class="share-buttons">Share on social media</div>
              <footer>© Rights Watch footer</footer>
              <script>document.write("LATE-SCRIPT")</script>
            </body>
            </html>
            """;

        var content = ExtractUtf8(page);

        Assert.Equal("html", content.Kind);
        Assert.Equal("Report on detention conditions", content.Title);
        Assert.Equal(
            "Detention conditions in 2024\nThe committee found overcrowding in three facilities.\nFirst finding\nSecond finding",
            content.Text);
    }

    [Fact]
    public void DivSoupWithMenuSidebarAndBreadcrumbClassesKeepsOnlyTheContent()
    {
        const string page = """
            <html><body>
              <div class="top main-menu"><a>Home</a> <a>About</a></div>
              <div class="breadcrumb">Home › Publications › 2024</div>
              <div id="wrapper">
                <div class="col sidebar">Latest news sidebar</div>
                <div class="content">
                  <div class="menuitem-free-content">The State shall ensure access to counsel.</div>
                  <div class="entry">Article 14 guarantees a fair hearing.</div>
                </div>
              </div>
              <div class="site_footer">Contact us</div>
              <div class="social">Follow us</div>
            </body></html>
            """;

        var content = ExtractUtf8(page);

        Assert.Equal("The State shall ensure access to counsel.\nArticle 14 guarantees a fair hearing.", content.Text);
    }

    [Fact]
    public void LayoutClassesLikeHasSidebarOnWrappersDoNotDropTheContent()
    {
        const string page = """
            <html><body class="page has-sidebar">
              <div class="layout-with-menu"><p>Real content stays.</p></div>
              <div class="content-sidebar-wrap"><h1>Headline</h1><p>Wrapped content stays.</p></div>
            </body></html>
            """;

        Assert.Equal("Real content stays.\nHeadline\nWrapped content stays.", ExtractUtf8(page).Text);
    }

    [Fact]
    public void MainElementIsUsedWhenThePageHasOne()
    {
        var paragraph = string.Join(' ', Enumerable.Repeat("The report documents arbitrary arrests.", 6));
        var page = $"""
            <html><body>
              <div class="banner-text">Promotional banner outside main</div>
              <main>
                <h2>Findings</h2>
                <p>{paragraph}</p>
                <nav>In-page navigation</nav>
              </main>
              <div>Unmarked footer text outside main</div>
            </body></html>
            """;

        var content = ExtractUtf8(page);

        Assert.Equal($"Findings\n{paragraph}", content.Text);
    }

    [Fact]
    public void ArticleIsUsedWhenThereIsNoMainAndItsOwnHeaderIsKept()
    {
        var body = string.Join(' ', Enumerable.Repeat("Witnesses described the events in detail.", 5));
        var page = $"""
            <html><body>
              <div>Unrelated teaser text</div>
              <article>
                <header><h1>Inside the camp</h1></header>
                <p>{body}</p>
              </article>
            </body></html>
            """;

        var content = ExtractUtf8(page);

        Assert.Equal($"Inside the camp\n{body}", content.Text);
        Assert.Equal("Inside the camp", content.Title);
    }

    [Fact]
    public void TinyMainRegionIsIgnoredInFavourOfTheWholeBody()
    {
        var body = string.Join(' ', Enumerable.Repeat("Most of the text lives outside main.", 20));
        var page = $"<html><body><main>Stub</main><div>{body}</div></body></html>";

        Assert.Equal($"Stub\n{body}", ExtractUtf8(page).Text);
    }

    [Fact]
    public void EntitiesAreDecodedAndTextIsNfcNormalized()
    {
        const string page = "<html><body><p>Caf&eacute; &amp; b&#228;r&nbsp;&lt;ok&gt; &#x2014; &quot;q&quot; Cafe\u0301</p></body></html>";

        var content = ExtractUtf8(page);

        Assert.Equal("Café & bär <ok> — \"q\" Café", content.Text);
        Assert.True(content.Text.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void BlockElementsMakeLinesAndInlineElementsDoNot()
    {
        const string page = """
            <html><body>
              <h2>Title</h2><p>One <em>inline</em> <a href="#">link</a> here</p>line<br>break
              <blockquote>Quoted</blockquote>
              <dl><dt>Term</dt><dd>Definition</dd></dl>
              <pre>  first
              second</pre>
              <table>
                <tr><th>State</th><th>Ratified</th></tr>
                <tr><td>France</td><td>1986</td></tr>
              </table>
              <section>Section text</section>
            </body></html>
            """;

        var content = ExtractUtf8(page);

        Assert.Equal(
            "Title\nOne inline link here\nline\nbreak\nQuoted\nTerm\nDefinition\nfirst\nsecond\nState | Ratified\nFrance | 1986\nSection text",
            content.Text);
    }

    [Fact]
    public void TitleFallsBackToOpenGraphThenToTheFirstHeading()
    {
        const string withOpenGraph = """<html><head><meta property="og:title" content="OG &amp; title"></head><body><h1>Heading</h1></body></html>""";
        const string withHeading = "<html><body><h1> The   <i>heading</i> &amp;amp; more</h1><p>x</p></body></html>";
        const string withNone = "<html><body><p>No title at all</p></body></html>";

        Assert.Equal("OG & title", ExtractUtf8(withOpenGraph).Title);
        Assert.Equal("The heading &amp; more", ExtractUtf8(withHeading).Title);
        Assert.Null(ExtractUtf8(withNone).Title);
    }

    [Fact]
    public void SvgTitleIsNotMistakenForThePageTitle()
    {
        const string page = "<html><body><svg><title>Icon</title></svg><h1>Real heading</h1></body></html>";

        Assert.Equal("Real heading", ExtractUtf8(page).Title);
    }

    [Fact]
    public void HtmlIsRecognizedFromItsBytesWhenTheContentTypeIsMissingOrGeneric()
    {
        const string page = "<!DOCTYPE html><html><head><title>Sniffed</title></head><body><p>Body</p></body></html>";

        Assert.Equal("html", ExtractUtf8(page, null).Kind);
        Assert.Equal("html", ExtractUtf8(page, "application/octet-stream").Kind);
        Assert.Equal("Body", ExtractUtf8(page, null).Text);
    }

    [Fact]
    public void ModeratelyNestedMarkupIsStillParsedNormally()
    {
        const int depth = 300;
        var page = "<html><body><nav>Menu</nav>" + string.Concat(Enumerable.Repeat("<div>", depth)) + "<p>deep</p>"
            + string.Concat(Enumerable.Repeat("</div>", depth)) + "</body></html>";

        Assert.Equal("deep", ExtractUtf8(page).Text);
    }
}
