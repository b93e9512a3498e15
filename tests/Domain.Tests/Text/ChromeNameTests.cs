using System.Text;
using CitationMonitor.Domain.Text;
using CitationMonitor.Domain.Text.Html;
using HtmlAgilityPack;

namespace CitationMonitor.Domain.Tests.Text;

/// <summary>
/// Chrome inside the main block, named by a camelCase or compound class or id, or only by a role; and content
/// wrappers whose names merely look like chrome.
/// </summary>
public sealed class ChromeNameTests
{
    private const string Article =
        "<p>El Ministerio informó que, durante el operativo, un total de 1,250 personas fueron trasladadas a albergues temporales, " +
        "donde recibieron atención médica, alimentación y orientación legal por parte de las autoridades competentes.</p>" +
        "<p>Las organizaciones de la sociedad civil solicitaron acceso a los albergues, así como información pública sobre " +
        "los criterios aplicados para la detención y el traslado de las personas, incluidas niñas, niños y adolescentes.</p>";

    private const string Sentence = "Esta frase distintiva vive en la caja marcada y en ningún otro lugar de la página";

    /// <summary>Chrome wherever it sits, inside a main element too.</summary>
    public static TheoryData<string> ChromeNames() =>
    [
        // Camel-cased and compound names.
        "id=\"cookieConsent\"", "id=\"avisoCookies\"", "id=\"CybotCookiebotDialog\"", "class=\"relatedPosts\"",
        "id=\"noticiasRelacionadas\"", "class=\"socialLinks\"", "class=\"shareButtons\"", "id=\"footerWrap\"",
        "class=\"visitCounter\"", "class=\"migaPan\"", "class=\"breadCrumbs\"", "id=\"ctl00_Menu1\"",
        "class=\"pie-de-pagina\"", "id=\"PieDePagina\"", "role=\"complementary\"",
        // Names that were chrome before camelCase words were told apart.
        "class=\"cookies\"", "class=\"cookie-notice\"", "class=\"cookie_banner\"", "class=\"aviso-cookies\"",
        "id=\"menuIzq\"", "id=\"menuPrincipal\"", "id=\"mainMenu\"", "class=\"navBar\"", "class=\"sideBar\"",
        "class=\"related\"", "class=\"notas-relacionadas\"", "class=\"compartir\"", "class=\"contador\"",
        "role=\"navigation\"", "role=\"banner\"", "role=\"contentinfo\"",
    ];

    /// <summary>Page-level headers (and Spanish "pie", footer): chrome outside an article or main element only.</summary>
    public static TheoryData<string> PageHeaderNames() =>
    [
        "id=\"headerWrap\"", "class=\"header-top\"", "class=\"header\"", "class=\"top-header\"", "class=\"site-header\"",
        "class=\"pie\"", "id=\"pieWrap\"", "id=\"ctl00_Header\"",
    ];

    /// <summary>Content wrappers whose names only look like chrome.</summary>
    public static TheoryData<string> ContentNames() =>
    [
        "class=\"has-sidebar\"", "class=\"no-menu\"", "class=\"contentWithSidebar\"", "class=\"mainContent\"",
        "class=\"articleBody\"", "class=\"postContent\"", "class=\"newsText\"", "class=\"textoNoticia\"",
        "class=\"cuerpoNoticia\"", "class=\"headline\"", "class=\"headerTitle\"", "class=\"entry-header\"",
        "class=\"shareholders\"", "class=\"socialism\"", "class=\"menuDelDia\"", "class=\"menu-del-dia\"",
        "class=\"topicsList\"", "class=\"pieChart\"", "class=\"pie-chart\"", "class=\"pieDeFoto\"",
        "class=\"counterpart\"", "class=\"menuitem-free-content\"",
    ];

    private static string Box(string attribute) => $"<div {attribute}><p>{Sentence}.</p></div>";

    private static string TableLayout(string box) => $"""
        <html><body><table>
        <tr><td>Ministerio del Interior</td></tr>
        <tr><td><h2>Traslado a albergues</h2>{Article}{box}</td></tr>
        </table></body></html>
        """;

    private static string MainLayout(string box) => $"""
        <html><body>
        <div>Ministerio del Interior</div>
        <main><h1>Traslado a albergues</h1>{Article}{box}</main>
        </body></html>
        """;

    private static string ArticleLayout(string box) => $"""
        <html><body>
        <div>Ministerio del Interior</div>
        <article>{box}<h2>Traslado a albergues</h2>{Article}</article>
        </body></html>
        """;

    private static string Extract(string html) => ContentExtractor.Extract(Encoding.UTF8.GetBytes(html), "text/html").Text;

    private static void AssertArticleKept(string text)
    {
        Assert.Contains("1,250 personas fueron trasladadas", text, StringComparison.Ordinal);
        Assert.Contains("niñas, niños y adolescentes", text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ChromeNames))]
    [MemberData(nameof(PageHeaderNames))]
    public void ChromeInTheMainCellOfATableLayout_IsDropped(string attribute)
    {
        var text = Extract(TableLayout(Box(attribute)));

        AssertArticleKept(text);
        Assert.DoesNotContain(Sentence, text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ChromeNames))]
    public void ChromeInsideMain_IsDropped(string attribute)
    {
        var text = Extract(MainLayout(Box(attribute)));

        AssertArticleKept(text);
        Assert.DoesNotContain(Sentence, text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PageHeaderNames))]
    public void PageHeaderNamesInsideMainOrArticle_AreKeptForTheyMayHoldTheHeadline(string attribute)
    {
        var inMain = Extract(MainLayout(Box(attribute)));
        var inArticle = Extract(ArticleLayout(Box(attribute)));

        AssertArticleKept(inMain);
        AssertArticleKept(inArticle);
        Assert.Contains(Sentence, inMain, StringComparison.Ordinal);
        Assert.Contains(Sentence, inArticle, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ContentNames))]
    public void ContentNamesThatLookLikeChrome_AreKept(string attribute)
    {
        foreach (var page in new[] { TableLayout(Box(attribute)), MainLayout(Box(attribute)), ArticleLayout(Box(attribute)) })
        {
            var text = Extract(page);

            AssertArticleKept(text);
            Assert.Contains(Sentence, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("role=\"complementary\"")]
    [InlineData("class=\"sideBar\"")]
    public void ComplementaryOrSidebarWrapperOfTheHeadlineOrMainRegion_IsLayout(string attribute)
    {
        var aroundHeadline = $"<html><body><div {attribute}><h1>Traslado a albergues</h1>{Article}</div></body></html>";
        var aroundMain = $"<html><body><div {attribute}><main><h2>Traslado a albergues</h2>{Article}</main></div></body></html>";

        AssertArticleKept(Extract(aroundHeadline));
        AssertArticleKept(Extract(aroundMain));
    }

    [Theory]
    [InlineData("cookieConsent", "cookie-consent")]
    [InlineData("CybotCookiebotDialog", "cybot-cookiebot-dialog")]
    [InlineData("XMLHttpRequest", "xml-http-request")]
    [InlineData("myIDs", "my-ids")]
    [InlineData("HTML5Player", "html5-player")]
    [InlineData("ctl00_ContentPlaceHolder1", "ctl00_content-place-holder1")]
    [InlineData("FOOTER", "footer")]
    [InlineData("already-lower_case", "already-lower_case")]
    public void ClassTokens_SplitCamelCaseWordsAndLowerCase(string name, string token)
    {
        var node = HtmlNode.CreateNode($"<div class=\"  {name}  x\" id=\"{name}\"></div>");

        Assert.Equal([token, "x", token], ClassNames.ClassTokens(node));
    }
}
