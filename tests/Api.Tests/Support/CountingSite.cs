using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Api.Tests.Support;

/// <summary>
/// A loopback site whose every path answers a small page of its own, counting the requests each path gets: what a
/// test with the scheduler running reads to tell which sources are still being checked.
/// </summary>
public sealed class CountingSite : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly RequestLog _log;

    private CountingSite(LoopbackServer server, RequestLog log)
    {
        _server = server;
        _log = log;
    }

    public static async Task<CountingSite> StartAsync()
    {
        var log = new RequestLog();
        var server = await LoopbackServer.StartAsync(app =>
        {
            log.Attach(app);
            app.MapGet("/{name}", (string name) => Results.Content(
                $"<!doctype html><html><head><title>Page {name}</title></head><body><main><h1>Page {name}</h1>"
                + $"<p>The commission recorded forty cases of arbitrary detention, in the page called {name}.</p></main></body></html>",
                "text/html; charset=utf-8"));
        });
        return new CountingSite(server, log);
    }

    public string Url(string path) => _server.Url(path);

    /// <summary>Requests for <paramref name="path"/> so far.</summary>
    public int Hits(string path) => _log.Paths.Count(p => p == path);

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
