using CitationMonitor.Domain.Checks;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Checks;

/// <summary>Error pages served with 200 that only their short main text gives away, and real articles that merely mention the words.</summary>
public sealed class ErrorPhraseCheckTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/informes/2019.html", () => Html(
            "Secretaría de Gobernación",
            "<div class=\"contenido\"><p>The requested URL /informes/2019.html was not found on this server.</p></div>"));
        app.MapGet("/es/comunicado-15", () => Html(
            "Ministério",
            "<div class=\"contenido\"><p>Desculpe, a página que você procura não existe.</p><p>Volte para a página inicial.</p></div>"));
        app.MapGet("/news/detentions", () => Html(
            "404 detained at the border",
            "<article><h1>404 detained at the border</h1><p>The commission found that 404 people were detained at the border "
            + "in January. Officials said that the records of eleven of them were not found, and that the families were not "
            + "told where they had been taken. The page not found in the ministry's archive was never published.</p>"
            + "<p>“Not found” was the ministry's answer to every request for the files, the families said.</p></article>"));
        app.MapGet("/news/short", () => Html(
            "Notice",
            "<p>The documents the court asked for were not found in the archive of the ministry.</p>"));
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [OnBothDatabasesTheory]
    [InlineData("/informes/2019.html", "The requested URL /informes/2019.html was not found on this server.")]
    [InlineData("/es/comunicado-15", "Desculpe, a página que você procura não existe.")]
    public async Task ShortBodyThatSaysNotFound_IsSoft404(string path, string phrase)
    {
        await using var services = await MonitorServices.StartAsync();

        var check = await services.CheckedAsync(await services.WatchAsync(_server.Url(path)));

        Assert.Equal(CheckStatus.Soft404, check.Status);
        Assert.Equal(CheckReasons.ErrorPhrase, check.Reason);
        Assert.Contains(phrase, check.Error, StringComparison.Ordinal);
    }

    [OnBothDatabasesTheory]
    [InlineData("/news/detentions")]
    [InlineData("/news/short")]
    public async Task ArticleThatMentions404OrNotFound_IsOk(string path)
    {
        await using var services = await MonitorServices.StartAsync();

        var check = await services.CheckedAsync(await services.WatchAsync(_server.Url(path)));

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Null(check.Reason);
    }

    private static IResult Html(string title, string body) => Results.Content(
        $"<!doctype html><html><head><title>{title}</title></head><body><nav><a href=\"/\">Inicio</a></nav>{body}</body></html>",
        "text/html; charset=utf-8");
}
