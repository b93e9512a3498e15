using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Fetching;

/// <summary>Pages that send the reader on with <c>&lt;meta http-equiv="refresh"&gt;</c>, served by a real loopback server.</summary>
public sealed class PageFetcherMetaRefreshTests
{
    private static IResult Refresh(string content, string attribute = "http-equiv=\"refresh\"") => Results.Content(
        $"<!doctype html><html><head><title>Redirigiendo</title><meta {attribute} content=\"{content}\"></head>" +
        "<body><p>Esta página se ha trasladado.</p></body></html>",
        "text/html; charset=utf-8");

    private static IResult Report() => PageFetcherStatusTests.Html("Informe anual", "<main><p>Contenido del informe anual.</p></main>");

    [Fact]
    public async Task Fetch_MetaRefreshToAbsoluteUrl_IsFollowedAsMarkedHop()
    {
        await using var target = await LoopbackServer.StartAsync(app => app.MapGet("/informes/2020", Report));
        await using var origin = await LoopbackServer.StartAsync(app =>
            app.MapGet("/old", () => Refresh($"0; url={target.Url("/informes/2020")}")));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(origin.Url("/old"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal(target.Url("/informes/2020"), result.FinalUrl);
        var hop = Assert.Single(result.Redirects);
        Assert.Equal(new RedirectHop(origin.Url("/old"), 200) { MetaRefresh = true }, hop);
        Assert.Null(result.MovedTo);
    }

    [Theory]
    [InlineData("0;URL='nuevo/informe.html'")]
    [InlineData("0; url=nuevo/informe.html")]
    [InlineData("0;Url=&quot;nuevo/informe.html&quot;")]
    [InlineData("  5 ,  nuevo/informe.html")]
    [InlineData("30; URL = nuevo/informe.html")]
    public async Task Fetch_MetaRefreshToRelativeUrl_IsResolvedAgainstThePage(string content)
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/prensa/comunicado", () => Refresh(content));
            app.MapGet("/prensa/nuevo/informe.html", Report);
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/prensa/comunicado"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(server.Url("/prensa/nuevo/informe.html"), result.FinalUrl);
        Assert.True(Assert.Single(result.Redirects).MetaRefresh);
    }

    [Fact]
    public async Task Fetch_MetaRefreshAttributesInUpperCase_IsFollowed()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/a", () => Results.Content(
                "<HTML><HEAD><META HTTP-EQUIV=Refresh CONTENT=\"0;URL=/b?x=1&amp;y=2\"></HEAD><BODY></BODY></HTML>", "text/html"));
            app.MapGet("/b", (HttpContext context) => context.Request.Query["y"] == "2" ? Report() : Results.NotFound());
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/a"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(server.Url("/b?x=1&y=2"), result.FinalUrl);
    }

    [Theory]
    [InlineData("300; url=/otra")]
    [InlineData("31; url=/otra")]
    [InlineData("60")]
    [InlineData("0")]
    [InlineData("0; url=/pagina")]
    [InlineData("0; url=/pagina#arriba")]
    [InlineData("0; url=http://[bad")]
    public async Task Fetch_SelfRefreshOrLongDelayOrBadUrl_IsNotARedirect(string content)
    {
        var otherRequested = false;
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/pagina", () => Refresh(content));
            app.MapGet("/otra", () =>
            {
                otherRequested = true;
                return Report();
            });
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/pagina"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(server.Url("/pagina"), result.FinalUrl);
        Assert.Empty(result.Redirects);
        Assert.False(otherRequested);
    }

    [Fact]
    public async Task Fetch_MetaRefreshInsideNoscript_IsNotFollowed()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/informe", () => Results.Content(
            "<html><head><title>Informe</title><noscript><meta http-equiv=\"refresh\" content=\"0; url=/sin-javascript\"></noscript></head>" +
            "<body><main><p>Contenido del informe.</p></main></body></html>", "text/html")));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/informe"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Empty(result.Redirects);
    }

    [Fact]
    public async Task Fetch_MetaRefreshInPlainText_IsNotFollowed()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/nota.txt", () =>
            Results.Text("<meta http-equiv=\"refresh\" content=\"0; url=/otra\">", "text/plain")));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/nota.txt"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Empty(result.Redirects);
    }

    [Fact]
    public async Task Fetch_MetaRefreshLoop_IsRedirectLoop()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/a", () => Refresh("0; url=/b"));
            app.MapGet("/b", () => Refresh("1; url=/a"));
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/a"));

        Assert.Equal(CheckStatus.RedirectLoop, result.Status);
        Assert.Equal(CheckReasons.Loop, result.Reason);
        Assert.Equal([server.Url("/a"), server.Url("/b")], result.Redirects.Select(hop => hop.Url));
        Assert.All(result.Redirects, hop => Assert.True(hop.MetaRefresh));
    }

    [Fact]
    public async Task Fetch_HttpRedirectThenMetaRefreshBack_IsRedirectLoop()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/a", () => Results.Redirect("/b"));
            app.MapGet("/b", () => Refresh("0; url=/a"));
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/a"));

        Assert.Equal(CheckStatus.RedirectLoop, result.Status);
        Assert.Equal([(302, false), (200, true)], result.Redirects.Select(hop => (hop.HttpStatus, hop.MetaRefresh)));
    }

    [Fact]
    public async Task Fetch_MetaRefreshChainLongerThanMaxRedirects_IsRedirectLoop()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/chain/{n:int}", (int n) => Refresh($"0; url=/chain/{n + 1}")));
        using var host = FetcherHost.Create(options => options.MaxRedirects = 2);

        var result = await host.FetchAsync(server.Url("/chain/0"));

        Assert.Equal(CheckStatus.RedirectLoop, result.Status);
        Assert.Equal(CheckReasons.MaxRedirects, result.Reason);
        Assert.Equal(3, result.Redirects.Count);
    }

    [Fact]
    public async Task Fetch_MetaRefreshToAnotherScheme_IsRefusedAndRecorded()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/doc", () => Refresh("0; url=ftp://files.example.invalid/doc.pdf")));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(CheckStatus.InvalidUrl, result.Status);
        Assert.Equal(CheckReasons.UnsupportedScheme, result.Reason);
        Assert.Equal([new RedirectHop(server.Url("/doc"), 200) { MetaRefresh = true }], result.Redirects);
    }

    [Fact]
    public async Task Fetch_DeepLinkRefreshedToHomePage_IsSoft404()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/informes/2019/desapariciones", () => Refresh("0; url=/"));
            app.MapGet("/", () => PageFetcherStatusTests.Html("Comisión de la Verdad"));
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/informes/2019/desapariciones"));

        Assert.Equal(CheckStatus.Soft404, result.Status);
        Assert.Equal(CheckReasons.RedirectedToHome, result.Reason);
    }

    [Fact]
    public async Task Fetch_ChallengePageThatReloadsElsewhere_IsBlockedNotFollowed()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/informe", () => Results.Content(
                "<html><head><title>Just a moment...</title><meta http-equiv=\"refresh\" content=\"5; url=/informe?__cf_chl=1\"></head>" +
                "<body><script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1\"></script></body></html>", "text/html"));
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/informe"));

        Assert.Equal(CheckStatus.Blocked, result.Status);
        Assert.Equal(CheckReasons.BotChallenge, result.Reason);
        Assert.Empty(result.Redirects);
    }
}
