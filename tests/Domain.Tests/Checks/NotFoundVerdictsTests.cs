using System.Text;
using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Domain.Tests.Checks;

public sealed class NotFoundVerdictsTests
{
    private const string ProbeUrl = "https://www.gob.example/0f3a9c1e7b2d4a6f8e0c-5d2a";
    private const string CitedUrl = "https://www.gob.example/prensa/comunicado-15";
    private const string TemplateText = "Página no encontrada. Lo sentimos, la página que busca no existe o ha sido movida a otra dirección.";

    private static readonly ProbeAnswer Probe = new(200, ProbeUrl, ProbeUrl, TextFingerprint.Of(TemplateText));

    [Fact]
    public void ShortMainTextThatSaysTheNotFoundPhrase_IsASoft404ByErrorPhrase()
    {
        var verdict = NotFoundVerdicts.ByPhrase("Lo sentimos, la página que busca no existe.");

        Assert.Equal(new SoftErrorVerdict(CheckStatus.Soft404, CheckReasons.ErrorPhrase, "error page: \"Lo sentimos, la página que busca no existe.\""), verdict);
    }

    [Fact]
    public void ArticleThatMentions404_IsNoVerdict() =>
        Assert.Null(NotFoundVerdicts.ByPhrase(
            "El Decreto 404/2020 establece el cierre temporal de la frontera norte y la suspensión de las audiencias de asilo."));

    [Fact]
    public void TheHostsNotFoundText_IsASoft404ByTemplate_NamingTheProbe()
    {
        var verdict = NotFoundVerdicts.ByTemplate(
            Probe, new CitedAnswer(CitedUrl, CitedUrl, TextFingerprint.Of(TemplateText)), Html($"<p>{TemplateText}</p>"), TemplateText);

        Assert.Equal(CheckStatus.Soft404, verdict?.Status);
        Assert.Equal(CheckReasons.HostNotFoundTemplate, verdict?.Reason);
        Assert.Contains(ProbeUrl, verdict?.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<noscript>You need to enable JavaScript to run this app.</noscript><div id=\"root\"></div>")]
    [InlineData("<app-root></app-root>")]
    public void AScriptShellServedAtEveryPath_IsNoSoft404(string markup)
    {
        const string shell = "You need to enable JavaScript to run this app.";
        var probe = Probe with { Fingerprint = TextFingerprint.Of(shell) };

        Assert.Null(NotFoundVerdicts.ByTemplate(probe, new CitedAnswer(CitedUrl, CitedUrl, TextFingerprint.Of(shell)), Html(markup), shell));
    }

    [Fact]
    public void EndingOnThePageTheProbeEndedOn_IsASoft404ByTemplate()
    {
        const string errorPage = "https://www.gob.example/error.aspx";
        var verdict = NotFoundVerdicts.ByTemplate(
            Probe with { FinalUrl = errorPage }, new CitedAnswer(CitedUrl, errorPage, TextFingerprint.Of("Error")), Html("<p>Error</p>"), "Error");

        Assert.Equal($"redirected to {errorPage}, where the host also sends a path that cannot exist", verdict?.Error);
    }

    private static byte[] Html(string body) => Encoding.UTF8.GetBytes($"<html><body>{body}</body></html>");
}
