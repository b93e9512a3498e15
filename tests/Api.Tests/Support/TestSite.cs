using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Api.Tests.Support;

/// <summary>A small real web site on loopback whose article text a test can edit between checks.</summary>
public sealed class TestSite : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private int _views;

    private TestSite(LoopbackServer server) => _server = server;

    /// <summary>Released each time <c>/slow</c> is requested; the answer follows a second later.</summary>
    public SemaphoreSlim SlowRequestArrived { get; } = new(0);

    public string Article { get; set; } = "The commission recorded forty cases of arbitrary detention in January.";

    public string Title { get; set; } = "Press statement";

    public string Url(string path) => _server.Url(path);

    public static async Task<TestSite> StartAsync()
    {
        TestSite? site = null;
        var server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/press/statement", () => Results.Content(
                $"""
                <!doctype html><html><head><title>{site!.Title}</title></head>
                <body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
                <main><h1>Press statement</h1><p>{site.Article}</p></main>
                <footer>Visitors: {Random.Shared.Next()}</footer></body></html>
                """, "text/html; charset=utf-8"));
            app.MapGet("/slow", async () =>
            {
                site!.SlowRequestArrived.Release();
                await Task.Delay(1000);
                return Results.Text("slow but there", "text/plain");
            });
            app.MapGet("/counter", () => Results.Content(
                $"<html><body><main><p>{site!.Article}</p><p>Visto {Interlocked.Increment(ref site._views)} veces</p></main></body></html>",
                "text/html; charset=utf-8"));
            app.MapGet("/missing", () => Results.NotFound("no such page"));
            app.MapGet("/report.txt", () => Results.Text("A plain report.\nSecond line.", "text/plain"));
        });
        site = new TestSite(server);
        return site;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        SlowRequestArrived.Dispose();
    }
}
