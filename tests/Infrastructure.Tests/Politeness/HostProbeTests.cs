using System.Net;
using System.Text.RegularExpressions;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Politeness;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Infrastructure.Tests.Politeness;

/// <summary>
/// Soft 404s told by the host's own answer to a path that cannot exist, against three real sites on three loopback
/// addresses: one that answers every unknown path with the same 200 template (echoing the path), one that redirects
/// unknown paths to /error.html, one with real 404s.
/// </summary>
public sealed partial class HostProbeTests : IAsyncLifetime
{
    private const string BorderArticle =
        "The ministry closed the northern border crossing on Friday after the arrival of a caravan of some three thousand "
        + "people, most of them families from Honduras. Officials said the crossing would stay closed until further notice.";

    private const string AsylumArticle =
        "The asylum office reported that applications doubled in January compared with the same month of last year, and "
        + "announced two new offices in the south of the country to shorten waiting times for hearings.";

    private LoopbackServer _templateHost = null!;
    private LoopbackServer _redirectingHost = null!;
    private LoopbackServer _honestHost = null!;
    private int _templateProbes;
    private int _redirectingProbes;
    private int _honestProbes;

    public async Task InitializeAsync()
    {
        _templateHost = await LoopbackServer.StartAsync(
            app =>
            {
                MapArticles(app);
                // Every unknown path: 200 and the same page, the path echoed in it, a title that says nothing.
                app.MapFallback((HttpContext context) =>
                {
                    CountProbe(context, ref _templateProbes);
                    return Results.Content(
                        Page(
                            "Ministerio del Interior",
                            $"<h2>Aviso</h2><p>La dirección {WebUtility.HtmlEncode(context.Request.Path)} no corresponde a ningún contenido "
                            + "de este portal. Puede volver a la portada o usar el buscador para encontrar la información que necesita.</p>"),
                        "text/html; charset=utf-8");
                });
            },
            address: IPAddress.Parse("127.0.0.2"));

        _redirectingHost = await LoopbackServer.StartAsync(
            app =>
            {
                MapArticles(app);
                app.MapGet("/error.html", () => Results.Content(Page("Portal", "<p>Portal del Estado</p>"), "text/html; charset=utf-8"));
                app.MapFallback((HttpContext context) =>
                {
                    CountProbe(context, ref _redirectingProbes);
                    return Results.Redirect("/error.html?from=" + Uri.EscapeDataString(context.Request.Path));
                });
            },
            address: IPAddress.Parse("127.0.0.3"));

        _honestHost = await LoopbackServer.StartAsync(
            app =>
            {
                MapArticles(app);
                app.MapFallback((HttpContext context) =>
                {
                    CountProbe(context, ref _honestProbes);
                    return Results.NotFound();
                });
            },
            address: IPAddress.Parse("127.0.0.4"));
    }

    public async Task DisposeAsync()
    {
        await _templateHost.DisposeAsync();
        await _redirectingHost.DisposeAsync();
        await _honestHost.DisposeAsync();
    }

    [OnBothDatabases]
    public async Task TemplateHost_DeadLinkIsSoft404WhileRealArticlesStayOk()
    {
        await using var services = await MonitorServices.StartAsync();
        var dead = await services.WatchAsync(_templateHost.Url("/news/2020/removed-report"));
        var border = await services.WatchAsync(_templateHost.Url("/news/border"));
        var asylum = await services.WatchAsync(_templateHost.Url("/news/asylum"));

        var checks = await Task.WhenAll(services.CheckedAsync(dead), services.CheckedAsync(border), services.CheckedAsync(asylum));

        Assert.Equal(CheckStatus.Soft404, checks[0].Status);
        Assert.Equal(CheckReasons.HostNotFoundTemplate, checks[0].Reason);
        Assert.Equal(200, checks[0].HttpStatus);
        Assert.Equal([CheckStatus.Ok, CheckStatus.Ok], checks[1..].Select(c => c.Status));
        Assert.All(checks[1..], c => Assert.Null(c.Reason));
        Assert.Equal(1, _templateProbes);

        var citation = (await services.Get<Citations.CitationStore>().GetAsync(dead, CancellationToken.None))!.Citation;
        Assert.Equal(CheckStatus.Soft404, citation.LastStatus);
        Assert.Equal(CheckReasons.HostNotFoundTemplate, citation.LastReason);
    }

    [OnBothDatabases]
    public async Task ScriptShellServedAtEveryPath_IsNotCalledANotFoundTemplate()
    {
        // A single-page application: the same shell at every path, real or not; only scripts fill it in.
        await using var shellHost = await LoopbackServer.StartAsync(
            app => app.MapFallback(() => Results.Content(
                Page("Portal de Transparencia", "<noscript>You need to enable JavaScript to run this app.</noscript><div id=\"root\"></div>"
                    + "<p>Portal de Transparencia del Gobierno: consulte aquí la información pública de oficio.</p>"),
                "text/html; charset=utf-8")),
            address: IPAddress.Parse("127.0.0.5"));
        await using var services = await MonitorServices.StartAsync();

        var check = await services.CheckedAsync(await services.WatchAsync(shellHost.Url("/obligaciones/articulo-70")));

        Assert.Equal(CheckStatus.Ok, check.Status);
        await using var connection = await services.OpenAsync();
        Assert.Equal(200, await connection.ExecuteScalarAsync<long>("SELECT http_status FROM host_probes WHERE host = '127.0.0.5'"));
    }

    [OnBothDatabases]
    public async Task TemplateHost_ProbeIsStoredWithItsOutcomeAndFingerprint()
    {
        await using var services = await MonitorServices.StartAsync();
        await services.CheckedAsync(await services.WatchAsync(_templateHost.Url("/news/border")));

        await using var connection = await services.OpenAsync();
        var probe = await connection.QuerySingleAsync<(string Origin, string Host, string Url, string FinalUrl, long HttpStatus, string Status, string Fingerprint, long Words)>(
            "SELECT origin, host, url, final_url, http_status, status, text_fingerprint, text_words FROM host_probes");
        Assert.Equal(_templateHost.BaseUri.AbsoluteUri.TrimEnd('/'), probe.Origin);
        Assert.Equal("127.0.0.2", probe.Host);
        Assert.Matches(ProbePath(), new Uri(probe.Url).AbsolutePath);
        Assert.Equal(probe.Url, probe.FinalUrl);
        Assert.Equal(200, probe.HttpStatus);
        Assert.NotEmpty(probe.Fingerprint);
        Assert.InRange(probe.Words, TextFingerprint.MinWords, 100);
    }

    [OnBothDatabases]
    public async Task RedirectingHost_DeadLinkSentToTheSameErrorPageIsSoft404()
    {
        await using var services = await MonitorServices.StartAsync();
        var dead = await services.WatchAsync(_redirectingHost.Url("/news/2020/removed-report"));
        var border = await services.WatchAsync(_redirectingHost.Url("/news/border"));

        var deadCheck = await services.CheckedAsync(dead);
        var borderCheck = await services.CheckedAsync(border);

        Assert.Equal(CheckStatus.Soft404, deadCheck.Status);
        Assert.Equal(CheckReasons.HostNotFoundTemplate, deadCheck.Reason);
        Assert.StartsWith(_redirectingHost.Url("/error.html"), deadCheck.FinalUrl, StringComparison.Ordinal);
        Assert.Contains("redirected", deadCheck.Error, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.Ok, borderCheck.Status);
        Assert.Equal(1, _redirectingProbes);
    }

    [OnBothDatabases]
    public async Task HonestHost_ArticlesStayOkAndTheProbeKeepsItsRealNotFound()
    {
        await using var services = await MonitorServices.StartAsync();
        var border = await services.CheckedAsync(await services.WatchAsync(_honestHost.Url("/news/border")));
        var asylum = await services.CheckedAsync(await services.WatchAsync(_honestHost.Url("/news/asylum")));
        var dead = await services.CheckedAsync(await services.WatchAsync(_honestHost.Url("/news/2020/removed-report")));

        Assert.Equal((CheckStatus.Ok, CheckStatus.Ok), (border.Status, asylum.Status));
        Assert.Equal(CheckStatus.NotFound, dead.Status);
        Assert.Equal("http_404", dead.Reason);
        Assert.Equal(1, _honestProbes);
        await using var connection = await services.OpenAsync();
        Assert.Equal(
            (404L, "not_found", (string?)null),
            await connection.QuerySingleAsync<(long, string, string?)>("SELECT http_status, status, text_fingerprint FROM host_probes"));
    }

    [OnBothDatabases]
    public async Task Probe_IsReusedWithinTheIntervalAndFetchedAgainAfterIt()
    {
        await using var services = await MonitorServices.StartAsync();
        var dead = await services.WatchAsync(_templateHost.Url("/news/2020/removed-report"));
        await services.CheckedAsync(dead);
        await services.CheckedAsync(dead);
        await services.CheckedAsync(await services.WatchAsync(_templateHost.Url("/news/border")));
        Assert.Equal(1, _templateProbes);

        // Eight days later, by the database's clock: the default interval is seven.
        await using (var connection = await services.OpenAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE host_probes SET probed_at = @old", new { old = TimeProvider.System.GetUtcNow() - TimeSpan.FromDays(8) });
        }

        var again = await services.CheckedAsync(dead);

        Assert.Equal(2, _templateProbes);
        Assert.Equal(CheckStatus.Soft404, again.Status);
    }

    [OnBothDatabases]
    public async Task Probe_ReadByAnotherExtraction_IsFetchedAgain()
    {
        await using var services = await MonitorServices.StartAsync();
        var dead = await services.WatchAsync(_templateHost.Url("/news/2020/removed-report"));
        await services.CheckedAsync(dead);
        Assert.Equal(1, _templateProbes);

        // A probe kept before extraction stamps were (or by another version of the extractor): its fingerprint may not
        // be the one the running extractor gives, however fresh it is.
        await using (var connection = await services.OpenAsync())
        {
            Assert.Equal(ContentExtractor.Stamp(null), await connection.QuerySingleAsync<string>("SELECT extraction FROM host_probes"));
            await connection.ExecuteAsync("UPDATE host_probes SET extraction = NULL");
        }

        var again = await services.CheckedAsync(dead);

        Assert.Equal(2, _templateProbes);
        Assert.Equal(CheckStatus.Soft404, again.Status);
        await services.CheckedAsync(dead);
        Assert.Equal(2, _templateProbes);
    }

    [OnBothDatabases]
    public async Task ProbeIntervalZero_TurnsTheProbeOff()
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Fetch:HostProbeInterval"] = "00:00:00" });

        var dead = await services.CheckedAsync(await services.WatchAsync(_templateHost.Url("/news/2020/removed-report")));

        // Without the probe the template reads as a page: it is the probe that tells.
        Assert.Equal(CheckStatus.Ok, dead.Status);
        Assert.Equal(0, _templateProbes);
    }

    [OnBothDatabases]
    public async Task Probe_GoesThroughTheSameFetcherAsChecks()
    {
        var fetched = new List<string>();
        await using var services = await MonitorServices.StartAsync(configure: s => s.AddSingleton<IPageFetcher>(provider =>
            new RecordingFetcher(ActivatorUtilities.CreateInstance<PageFetcher>(provider), fetched)));

        await services.CheckedAsync(await services.WatchAsync(_templateHost.Url("/news/border")));

        Assert.Equal(2, fetched.Count);
        Assert.Equal(_templateHost.Url("/news/border"), fetched[0]);
        Assert.StartsWith(_templateHost.BaseUri.AbsoluteUri, fetched[1], StringComparison.Ordinal);
        Assert.Matches(ProbePath(), new Uri(fetched[1]).AbsolutePath);
        Assert.Equal(1, _templateProbes);
    }

    [OnBothDatabases]
    public async Task Probe_RespectsAllowPrivateNetworks()
    {
        await using var services = await MonitorServices.StartAsync(new Dictionary<string, string?> { ["Monitor:Fetch:AllowPrivateNetworks"] = "false" });

        var probe = await services.Get<HostProbes>().ForAsync(new Uri(_templateHost.Url("/news/border")), "127.0.0.2", CancellationToken.None);

        Assert.NotNull(probe);
        Assert.Equal(CheckStatus.ForbiddenTarget, probe.Status);
        Assert.Null(probe.HttpStatus);
        Assert.Equal(0, _templateProbes);
    }

    [OnBothDatabases]
    public async Task PdfAnswer_NeedsNoProbe()
    {
        await using var services = await MonitorServices.StartAsync();

        var check = await services.CheckedAsync(await services.WatchAsync(_templateHost.Url("/report.pdf")));

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Equal(0, _templateProbes);
    }

    private static void MapArticles(WebApplication app)
    {
        app.MapGet("/news/border", () => Results.Content(Page("Border closed", $"<h1>Border closed</h1><p>{BorderArticle}</p>"), "text/html; charset=utf-8"));
        app.MapGet("/news/asylum", () => Results.Content(Page("Asylum figures", $"<h1>Asylum figures</h1><p>{AsylumArticle}</p>"), "text/html; charset=utf-8"));
        app.MapGet("/report.pdf", () => Results.Bytes("%PDF-1.4\n%%EOF\n"u8.ToArray(), "application/pdf"));
    }

    /// <summary>A page of the site: shared chrome (menu, footer) around the main content.</summary>
    private static string Page(string title, string main) =>
        $"""
        <!doctype html><html><head><title>{title}</title></head><body>
        <nav><a href="/">Portada</a> <a href="/news">Noticias</a> <a href="/tramites">Trámites</a></nav>
        <main>{main}</main>
        <footer>Ministerio del Interior · Avenida Central 100 · Todos los derechos reservados</footer>
        </body></html>
        """;

    private static void CountProbe(HttpContext context, ref int probes)
    {
        if (ProbePath().IsMatch(context.Request.Path.Value ?? ""))
        {
            Interlocked.Increment(ref probes);
        }
    }

    [GeneratedRegex("^/[0-9a-f]{20}-[0-9a-f]{8}$")]
    private static partial Regex ProbePath();

    private sealed class RecordingFetcher(IPageFetcher inner, List<string> fetched) : IPageFetcher
    {
        public Task<FetchResult> FetchAsync(string url, CancellationToken cancellationToken) => FetchAsync(url, null, cancellationToken);

        public Task<FetchResult> FetchAsync(string url, ConditionalRequest? conditional, CancellationToken cancellationToken)
        {
            lock (fetched)
            {
                fetched.Add(url);
            }

            return inner.FetchAsync(url, conditional, cancellationToken);
        }
    }
}
