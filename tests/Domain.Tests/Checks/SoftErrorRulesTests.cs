using System.Text;
using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Domain.Tests.Checks;

public sealed class SoftErrorRulesTests
{
    [Theory]
    [InlineData("/", true)]
    [InlineData("", true)]
    [InlineData("/index.php", true)]
    [InlineData("/index.html", true)]
    [InlineData("/home", true)]
    [InlineData("/inicio/", true)]
    [InlineData("/es/", true)]
    [InlineData("/pt-br/inicio", true)]
    [InlineData("/informes/2019.pdf", false)]
    [InlineData("/es/informes", false)]
    [InlineData("/homenaje", false)]
    public void IsHomePath_RecognisesTypicalHomePages(string path, bool expected) =>
        Assert.Equal(expected, SoftErrorRules.IsHomePath(path));

    [Theory]
    [InlineData("<title>Informe 2040 sobre vivienda</title>")]
    [InlineData("<title>Informe</title><h1>Resultados de la búsqueda</h1>")]
    [InlineData("<p>not found</p>")]
    public void FindErrorHeading_OrdinaryPage_IsNull(string html) =>
        Assert.Null(SoftErrorRules.FindErrorHeading(Encoding.UTF8.GetBytes(html), "text/html"));

    [Theory]
    [InlineData("Página no encontrada | Gobierno de México")]
    [InlineData("Pagina no encontrada")]
    [InlineData("Error 404 - Page not found")]
    [InlineData("404 Not Found")]
    [InlineData("404")]
    [InlineData("Error 404: la página no existe")]
    [InlineData("CIDH :: La página solicitada no existe")]
    [InlineData("Lo sentimos - La página que busca no se encuentra disponible")]
    [InlineData("Página não encontrada - Governo")]
    [InlineData("Page introuvable | Ministère")]
    [InlineData("The page you requested was not found.")]
    [InlineData("No encontrado")]
    [InlineData("El contenido no existe")]
    [InlineData("Not Found")]
    [InlineData("Error 404")]
    [InlineData("No existe")]
    [InlineData("404 - Archivo o directorio no encontrado.")]
    [InlineData("404 - File or directory not found.")]
    [InlineData("The requested URL /informes/2019/caravana.html was not found on this server.")]
    [InlineData("The requested URL was not found on this server.")]
    [InlineData("La page demandée n'existe pas")]
    [InlineData("La page demandée n’existe pas.")]
    [InlineData("Cette page n'existe pas")]
    [InlineData("Erreur 404 - Page non trouvée")]
    [InlineData("Esta página no está disponible")]
    [InlineData("Lo sentimos, la página que buscas no existe.")]
    [InlineData("Oops! The page you're looking for can't be found.")]
    [InlineData("Sorry, the page you are looking for does not exist")]
    [InlineData("A página que você procura não existe")]
    [InlineData("Página não encontrada")]
    [InlineData("Page introuvable")]
    public void IsErrorHeading_NotFoundTemplates_AreRecognised(string heading) =>
        Assert.True(SoftErrorRules.IsErrorHeading(heading), heading);

    [Theory]
    [InlineData("Decreto 404/2020 por el que se reforma la Ley de Migración")]
    [InlineData("CNDH: la tortura no existe en los informes oficiales")]
    [InlineData("Recomendación 404 sobre personas migrantes")]
    [InlineData("Informe: lo que no existe en las estadísticas")]
    [InlineData("Not found guilty: the trial of the officers")]
    [InlineData("Comunicado 027/20 - CIDH")]
    [InlineData("Found and not found: missing migrants in 2020")]
    [InlineData("404 historias de personas migrantes")]
    [InlineData("No existe una política migratoria integral")]
    [InlineData("Lo sentimos: la CIDH lamenta la muerte de migrantes")]
    [InlineData("The requested URL shortener was not found to be safe")]
    [InlineData("Esta página no está actualizada desde 2019")]
    [InlineData("La page des archives du ministère")]
    public void IsErrorHeading_RealTitlesThatMentionThePhrases_AreNot(string heading) =>
        Assert.False(SoftErrorRules.IsErrorHeading(heading), heading);

    [Theory]
    [InlineData("<html><head><title>Just a moment...</title></head><body></body></html>")]
    [InlineData("<html><head><title>Attention Required! | Cloudflare</title></head></html>")]
    [InlineData("<html><body><script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1\"></script></body></html>")]
    [InlineData("<html><body><script>window.awsWafCookieDomainList = []; AwsWafIntegration.getToken()</script></body></html>")]
    public void DetectChallenge_ChallengePages_AreBlocked(string html)
    {
        var verdict = SoftErrorRules.DetectChallenge(new Dictionary<string, string>(), "text/html", Encoding.UTF8.GetBytes(html));

        Assert.Equal(CitationMonitor.Domain.Checks.CheckStatus.Blocked, verdict?.Status);
        Assert.Equal(CheckReasons.BotChallenge, verdict?.Reason);
    }

    [Fact]
    public void DetectChallenge_CdnHeader_IsBlockedWhateverTheBody()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["cf-mitigated"] = "challenge" };

        Assert.Equal(CheckReasons.BotChallenge, SoftErrorRules.DetectChallenge(headers, null, null)?.Reason);
    }

    [Fact]
    public void DetectChallenge_OrdinaryPage_IsNull() =>
        Assert.Null(SoftErrorRules.DetectChallenge(
            new Dictionary<string, string>(), "text/html",
            Encoding.UTF8.GetBytes("<html><head><title>Comunicado de prensa</title></head><body><p>Un momento histórico.</p></body></html>")));

    [Theory]
    [InlineData("<title>Sign in</title><form><input name=u><input type=\"password\" name=p></form>", true)]
    [InlineData("<title>Iniciar sesión | Portal</title><form><input type='password'></form>", true)]
    [InlineData("<title>Connexion</title><h1>Se connecter</h1><input type=password>", true)]
    [InlineData("<title>Sign in</title><p>Use the link in your e-mail.</p>", false)]
    [InlineData("<title>Informe sobre el acceso a la justicia</title><input type=password>", false)]
    public void IsLoginPage_NeedsASignInHeadingAndAPasswordField(string html, bool expected) =>
        Assert.Equal(expected, SoftErrorRules.IsLoginPage(Encoding.UTF8.GetBytes(html), "text/html"));

    [Fact]
    public void FindErrorHeading_PhraseBeyondInspectedPrefix_IsIgnored()
    {
        var html = new string(' ', 70 * 1024) + "<title>Page not found</title>";

        Assert.Null(SoftErrorRules.FindErrorHeading(Encoding.UTF8.GetBytes(html), "text/html"));
    }

    [Theory]
    [InlineData("<title>Portal del Estado</title><h2>Page introuvable</h2>", "Page introuvable")]
    [InlineData("<title>Portal</title><h1>Esta página no está disponible</h1>", "Esta página no está disponible")]
    [InlineData("<title>404 Not Found</title><h1>Not Found</h1>", "404 Not Found")]
    public void FindErrorHeading_TitleOrFirstHeadings_AreInspected(string html, string expected) =>
        Assert.Equal(expected, SoftErrorRules.FindErrorHeading(Encoding.UTF8.GetBytes(html), "text/html"));

    [Theory]
    [InlineData("Not Found\nThe requested URL /informes/2019.html was not found on this server.", "Not Found")]
    [InlineData("Aviso\nThe requested URL /informes/2019.html was not found on this server.\nApache/2.4.41 Server at www.gob.example Port 80",
        "The requested URL /informes/2019.html was not found on this server.")]
    [InlineData("Error del servidor\n404 - Archivo o directorio no encontrado.\nEs posible que el recurso que busca se haya quitado.",
        "404 - Archivo o directorio no encontrado.")]
    [InlineData("Portal do Governo\nDesculpe, a página que você procura não existe. Volte para a página inicial.",
        "Desculpe, a página que você procura não existe.")]
    public void FindErrorSentence_ShortBodyThatSaysNotFound_IsFound(string text, string expected) =>
        Assert.Equal(expected, SoftErrorRules.FindErrorSentence(text));

    [Theory]
    [InlineData("The court said the documents were not found in the archive of the ministry.")]
    [InlineData("Decreto 404 de 2020. La Secretaría informa que el trámite no existe en línea y debe hacerse en persona.")]
    [InlineData("")]
    public void FindErrorSentence_ShortRealTexts_AreNot(string text) =>
        Assert.Null(SoftErrorRules.FindErrorSentence(text));

    [Fact]
    public void FindErrorSentence_LongArticleMentioningTheErrors_IsNot()
    {
        var article = string.Join(
            '\n',
            "Not found.",
            "The commission found that 404 people were detained at the border in January. " + string.Concat(Enumerable.Repeat(
                "Officials said the records of the detentions were not found, and that the page not found in the archive was never published. ", 8)));

        Assert.Null(SoftErrorRules.FindErrorSentence(article));
    }
}
