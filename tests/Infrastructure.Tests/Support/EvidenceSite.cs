using System.Collections.Concurrent;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Support;

/// <summary>
/// A loopback site whose pages change when a test says so: <c>/page/{n}</c> is an HTML article long enough to be stored
/// Brotli-compressed, <c>/tiny/{n}</c> a plain text short enough to be stored as is.
/// </summary>
public sealed class EvidenceSite : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, int> _versions = new();
    private LoopbackServer _server = null!;

    public static async Task<EvidenceSite> StartAsync()
    {
        var site = new EvidenceSite();
        site._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/page/{n}", (string n) => Results.Content(site.Page(n), "text/html; charset=utf-8"));
            app.MapGet("/tiny/{n}", (string n) => Results.Text($"Note {n}, version {site.Version($"/tiny/{n}")}.", "text/plain"));
        });
        return site;
    }

    public string Url(string path) => _server.Url(path);

    /// <summary>Changes what <paramref name="path"/> serves from now on.</summary>
    public void Edit(string path) => _versions.AddOrUpdate(path, 1, (_, v) => v + 1);

    private int Version(string path) => _versions.GetValueOrDefault(path);

    private string Page(string n)
    {
        var version = Version($"/page/{n}");
        var paragraphs = string.Concat(Enumerable.Range(1, 12).Select(i =>
            $"<p>Paragraph {i} of statement {n}: the commission recorded cases of arbitrary detention at the border.</p>"));
        return $"<!doctype html><html><head><title>Statement {n}</title></head><body><main><h1>Statement {n}</h1>"
            + $"<p>Revision {version}: the ministry answered on day {version + 1}.</p>{paragraphs}</main></body></html>";
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
