using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Fetching;

public sealed class PageFetcherRedirectTests
{
    private static IResult Redirect(int status, string location) => new RedirectResult(status, location);

    [Fact]
    public async Task Fetch_RedirectChain_RecordsEveryHopWithUrlAndStatus()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/a", () => Redirect(301, "/docs/b"));
            app.MapGet("/docs/b", () => Redirect(302, "c?x=1")); // relative to /docs/
            app.MapGet("/docs/c", () => PageFetcherStatusTests.Html("Informe"));
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/a"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(200, result.HttpStatus);
        Assert.Equal(server.Url("/a"), result.Url);
        Assert.Equal(server.Url("/docs/c?x=1"), result.FinalUrl);
        Assert.Equal([new RedirectHop(server.Url("/a"), 301), new RedirectHop(server.Url("/docs/b"), 302)], result.Redirects);
    }

    [Fact]
    public async Task Fetch_SeeOtherAndTemporaryAndPermanentRedirects_AreAllFollowedWithGet()
    {
        var methods = new List<string>();
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.Use((context, next) =>
            {
                lock (methods)
                {
                    methods.Add(context.Request.Method);
                }

                return next(context);
            });
            app.MapGet("/303", () => Redirect(303, "/307"));
            app.MapGet("/307", () => Redirect(307, "/308"));
            app.MapGet("/308", () => Redirect(308, "/final"));
            app.MapGet("/final", () => PageFetcherStatusTests.Html("Informe"));
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/303"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal([303, 307, 308], result.Redirects.Select(hop => hop.HttpStatus));
        Assert.All(methods, method => Assert.Equal("GET", method));
    }

    [Fact]
    public async Task Fetch_RedirectBackToEarlierUrl_IsRedirectLoop()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/a", () => Redirect(302, "/b"));
            app.MapGet("/b", () => Redirect(302, "/a"));
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/a"));

        Assert.Equal(CheckStatus.RedirectLoop, result.Status);
        Assert.Equal(CheckReasons.Loop, result.Reason);
        Assert.Equal([server.Url("/a"), server.Url("/b")], result.Redirects.Select(hop => hop.Url));
    }

    [Fact]
    public async Task Fetch_ChainLongerThanMaxRedirects_IsRedirectLoop()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/chain/{n:int}", (int n) => Redirect(302, $"/chain/{n + 1}")));
        using var host = FetcherHost.Create(options => options.MaxRedirects = 3);

        var result = await host.FetchAsync(server.Url("/chain/0"));

        Assert.Equal(CheckStatus.RedirectLoop, result.Status);
        Assert.Equal(CheckReasons.MaxRedirects, result.Reason);
        Assert.Equal(4, result.Redirects.Count);
        Assert.Equal(server.Url("/chain/3"), result.FinalUrl);
    }

    [Fact]
    public async Task Fetch_RedirectsUpToMaxRedirects_AreFollowed()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/chain/{n:int}", (int n) => n < 3 ? Redirect(302, $"/chain/{n + 1}") : PageFetcherStatusTests.Html("Informe")));
        using var host = FetcherHost.Create(options => options.MaxRedirects = 3);

        var result = await host.FetchAsync(server.Url("/chain/0"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(3, result.Redirects.Count);
    }

    [Fact]
    public async Task Fetch_RedirectToFtp_IsInvalidUrlWithHopRecorded()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
            app.MapGet("/doc", () => Redirect(301, "ftp://files.example.invalid/doc.pdf")));
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/doc"));

        Assert.Equal(CheckStatus.InvalidUrl, result.Status);
        Assert.Equal(CheckReasons.UnsupportedScheme, result.Reason);
        Assert.Equal("redirect to unsupported scheme 'ftp'", result.Error);
        Assert.Equal([new RedirectHop(server.Url("/doc"), 301)], result.Redirects);
    }

    [Fact]
    public async Task Fetch_CookieSetThenRedirectBack_IsFollowedNotALoop()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/page", (HttpContext context) =>
                context.Request.Cookies.ContainsKey("consent") ? PageFetcherStatusTests.Html("Informe") : Redirect(302, "/consent"));
            app.MapGet("/consent", (HttpContext context) =>
            {
                context.Response.Cookies.Append("consent", "yes");
                return Redirect(302, "/page");
            });
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/page"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(2, result.Redirects.Count);
    }

    [Fact]
    public async Task Fetch_RedirectToHomePage_IsSoft404()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/informes/2019/desapariciones.pdf", () => Redirect(302, "/"));
            app.MapGet("/", () => PageFetcherStatusTests.Html("Comisión de la Verdad"));
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/informes/2019/desapariciones.pdf"));

        Assert.Equal(CheckStatus.Soft404, result.Status);
        Assert.Equal(CheckReasons.RedirectedToHome, result.Reason);
        Assert.Equal(200, result.HttpStatus);
        Assert.Single(result.Redirects);
    }

    [Fact]
    public async Task Fetch_RedirectToLanguageHome_IsSoft404()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/es/noticias/informe-2020", () => Redirect(301, "/es/inicio"));
            app.MapGet("/es/inicio", () => PageFetcherStatusTests.Html("Inicio"));
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/es/noticias/informe-2020"));

        Assert.Equal(CheckStatus.Soft404, result.Status);
        Assert.Equal(CheckReasons.RedirectedToHome, result.Reason);
    }

    [Fact]
    public async Task Fetch_HomePageRedirectedToIndex_IsOk()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/", () => Redirect(302, "/index.php"));
            app.MapGet("/index.php", () => PageFetcherStatusTests.Html("Inicio"));
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/"));

        Assert.Equal(CheckStatus.Ok, result.Status);
    }

    [Fact]
    public async Task Fetch_DeepLinkRedirectedToLogin_IsBlockedLoginWall()
    {
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/informes/2020", () => Redirect(302, "/usuarios/login?next=%2Finformes%2F2020"));
            app.MapGet("/usuarios/login", () => PageFetcherStatusTests.Html("Iniciar sesión"));
        });
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/informes/2020"));

        Assert.Equal(CheckStatus.Blocked, result.Status);
        Assert.Equal(CheckReasons.LoginWall, result.Reason);
    }

    [Fact]
    public async Task Fetch_RetriesApplyPerHop_AttemptsCountTheFinalHop()
    {
        var hits = new int[1];
        await using var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/old", () => Redirect(301, "/new"));
            app.MapGet("/new", () => Interlocked.Increment(ref hits[0]) < 3 ? Results.StatusCode(502) : PageFetcherStatusTests.Html("Informe"));
        });
        using var host = FetcherHost.Create(options => options.RetryAttempts = 2);

        var result = await host.FetchAsync(server.Url("/old"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Equal(3, result.Attempts);
        Assert.Single(result.Redirects);
    }

    /// <summary>A redirect with any of 301/302/303/307/308, which TypedResults does not offer for 303.</summary>
    private sealed class RedirectResult(int status, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
