using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Domain.Tests.Checks;

public sealed class NotFoundTemplateTests
{
    private const string ProbeUrl = "https://www.gob.example/0f3a9c1e7b2d4a6f8e0c-5d2a";
    private const string CitedUrl = "https://www.gob.example/prensa/comunicado-15";

    private static readonly TextFingerprint Template =
        TextFingerprint.Of("Página no encontrada. Lo sentimos, la página que busca no existe o ha sido movida a otra dirección.");

    private static readonly TextFingerprint Article =
        TextFingerprint.Of("El Instituto informa que a partir del lunes se amplía el horario de atención en las oficinas de trámites migratorios de todo el país.");

    [Fact]
    public void SameTextAsA2xxProbe_IsTheTemplate() =>
        Assert.Equal(
            NotFoundTemplateMatch.SameText,
            NotFoundTemplate.Match(new ProbeAnswer(200, ProbeUrl, ProbeUrl, Template), new CitedAnswer(CitedUrl, CitedUrl, Template)));

    [Fact]
    public void OtherTextThanA2xxProbe_IsNotTheTemplate() =>
        Assert.Null(NotFoundTemplate.Match(new ProbeAnswer(200, ProbeUrl, ProbeUrl, Template), new CitedAnswer(CitedUrl, CitedUrl, Article)));

    [Theory]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(500)]
    [InlineData(null)]
    public void ProbeThatDidNotAnswer2xx_TellsNothing(int? status) =>
        Assert.Null(NotFoundTemplate.Match(
            new ProbeAnswer(status, ProbeUrl, "https://www.gob.example/error.html", Template),
            new CitedAnswer(CitedUrl, "https://www.gob.example/error.html", Template)));

    [Fact]
    public void BothRedirectedToTheSameErrorPage_IsTheTemplateWhateverTheQuery() =>
        Assert.Equal(
            NotFoundTemplateMatch.SameFinalUrl,
            NotFoundTemplate.Match(
                new ProbeAnswer(200, ProbeUrl, "https://www.gob.example/error.aspx?aspxerrorpath=/0f3a9c1e7b2d4a6f8e0c-5d2a", null),
                new CitedAnswer(CitedUrl, "https://www.gob.example/error.aspx?aspxerrorpath=/prensa/comunicado-15", Article)));

    [Fact]
    public void CitedUrlThatIsItselfTheErrorPage_IsNotJudgedByItsFinalUrl()
    {
        const string errorPage = "https://www.gob.example/error.html";

        Assert.Null(NotFoundTemplate.Match(
            new ProbeAnswer(200, ProbeUrl, errorPage, null), new CitedAnswer(errorPage, errorPage, Article)));
    }

    [Fact]
    public void ProbeNotRedirected_NeverMatchesByFinalUrl() =>
        Assert.Null(NotFoundTemplate.Match(
            new ProbeAnswer(200, ProbeUrl, ProbeUrl, null), new CitedAnswer(CitedUrl, "https://www.gob.example/prensa/nuevo", Article)));

    [Fact]
    public void RedirectedToDifferentPages_IsNotTheTemplate() =>
        Assert.Null(NotFoundTemplate.Match(
            new ProbeAnswer(200, ProbeUrl, "https://www.gob.example/error.html", Template),
            new CitedAnswer(CitedUrl, "https://www.gob.example/prensa/2020/comunicado-15", Article)));
}
