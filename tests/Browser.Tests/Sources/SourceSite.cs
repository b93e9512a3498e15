using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Browser.Tests.Sources;

/// <summary>
/// A one-page site on loopback whose page a test changes between checks: <c>/statement</c> answers <see cref="Status"/>
/// with <see cref="Title"/> and <see cref="Text"/> written into the markup as given (not encoded), or an error page when
/// the status is not 200. Any other path is 404, as on a real site.
/// </summary>
public sealed class SourceSite : IAsyncDisposable
{
    private readonly LoopbackServer _server;

    private SourceSite(LoopbackServer server) => _server = server;

    public int Status { get; set; } = StatusCodes.Status200OK;

    public string Title { get; set; } = "Press statement";

    public string Text { get; set; } = "The ministry closed the border crossing on Friday.";

    public string StatementUrl => _server.Url("/statement");

    public static async Task<SourceSite> StartAsync()
    {
        SourceSite? site = null;
        var server = await LoopbackServer.StartAsync(app => app.MapGet("/statement", () => site!.Status == StatusCodes.Status200OK
            ? Results.Content(
                $"""
                <!doctype html><html lang="en"><head><title>{site.Title}</title></head>
                <body><main><h1>Press statement</h1><p>{site.Text}</p><p>The office will publish its full report next month.</p></main></body></html>
                """,
                "text/html; charset=utf-8")
            : Results.Content("<!doctype html><html><body><p>Service unavailable</p></body></html>", "text/html; charset=utf-8", statusCode: site.Status)));
        site = new SourceSite(server);
        return site;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
