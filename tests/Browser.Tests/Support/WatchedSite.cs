using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Browser.Tests.Support;

/// <summary>
/// A one-page web site on loopback for the monitor to check: <c>/statement</c> serves <see cref="Title"/> and
/// <see cref="Text"/> as they are at the moment of the request, written into the markup as given (not encoded).
/// </summary>
public sealed class WatchedSite : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private WatchedSite(LoopbackServer server) => _server = server;

    public string Title { get; set; } = "Press statement";

    public string Text { get; set; } = "The commission recorded forty cases of arbitrary detention in January.";

    /// <summary>The address of the page the monitor watches.</summary>
    public string StatementUrl => _server.Url("/statement");

    public static async Task<WatchedSite> StartAsync()
    {
        WatchedSite? site = null;
        var server = await LoopbackServer.StartAsync(app => app.MapGet("/statement", () => Results.Content(
            $"""
            <!doctype html><html lang="en"><head><title>{site!.Title}</title></head>
            <body><main><h1>Press statement</h1><p>{site.Text}</p></main></body></html>
            """,
            "text/html; charset=utf-8")));
        site = new WatchedSite(server);
        return site;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
