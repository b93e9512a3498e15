using System.Text;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.TestSupport.Sites;

/// <summary>
/// A real loopback site whose article carries an <c>ETag</c> and/or <c>Last-Modified</c> and answers 304 to matching
/// validators (unless told to ignore them); it records every request it saw, with the validators it carried and what
/// was sent back. <c>/article</c> is the page, <c>/old</c> a 301 to it.
/// <code>
/// await using var site = await ConditionalSite.StartAsync();
/// site.ETag = "\"v1\"";
/// </code>
/// </summary>
public sealed class ConditionalSite : IAsyncDisposable
{
    private readonly List<SeenRequest> _requests = [];
    private LoopbackServer _server = null!;

    private ConditionalSite()
    {
    }

    public string Article { get; set; } = "The commission recorded forty cases of arbitrary detention in January.";

    /// <summary>Sent as the article's <c>ETag</c>; null sends none.</summary>
    public string? ETag { get; set; }

    /// <summary>Sent as the article's <c>Last-Modified</c>; null sends none.</summary>
    public DateTimeOffset? LastModified { get; set; }

    /// <summary>When false the site answers 200 with the whole page whatever validators come.</summary>
    public bool HonoursValidators { get; set; } = true;

    /// <summary>Every request so far, in order of arrival.</summary>
    public IReadOnlyList<SeenRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public string Url(string path) => _server.Url(path);

    public static async Task<ConditionalSite> StartAsync()
    {
        var site = new ConditionalSite();
        site._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/article", site.ServeAsync);
            app.MapGet("/old", (HttpContext context) =>
            {
                site.Record(context, StatusCodes.Status301MovedPermanently, 0);
                context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                context.Response.Headers.Location = "/article";
            });
        });
        return site;
    }

    private async Task ServeAsync(HttpContext context)
    {
        var response = context.Response;
        if (ETag is { } etag)
        {
            response.Headers.ETag = etag;
        }

        if (LastModified is { } lastModified)
        {
            response.Headers.LastModified = lastModified.ToString("R");
        }

        if (HonoursValidators && IsNotModified(context.Request))
        {
            Record(context, StatusCodes.Status304NotModified, 0);
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var body = Encoding.UTF8.GetBytes(
            $"<!doctype html><html><head><title>Press statement</title></head><body><main><p>{Article}</p></main></body></html>");
        Record(context, StatusCodes.Status200OK, body.Length);
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body);
    }

    /// <summary>RFC 9110: If-None-Match decides when present; If-Modified-Since only without it.</summary>
    private bool IsNotModified(HttpRequest request)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0)
        {
            return ETag is not null && ifNoneMatch.Split(',').Any(tag => tag.Trim() == ETag);
        }

        return LastModified is { } lastModified
            && DateTimeOffset.TryParse(request.Headers.IfModifiedSince.ToString(), out var since)
            && lastModified <= since;
    }

    private void Record(HttpContext context, int status, int bodyBytes)
    {
        var headers = context.Request.Headers;
        lock (_requests)
        {
            _requests.Add(new SeenRequest(
                context.Request.Path,
                headers.IfNoneMatch.Count == 0 ? null : headers.IfNoneMatch.ToString(),
                headers.IfModifiedSince.Count == 0 ? null : headers.IfModifiedSince.ToString(),
                status,
                bodyBytes));
        }
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}

/// <summary>A request as the site saw it, and what it answered: the status and how many body bytes it sent.</summary>
public sealed record SeenRequest(string Path, string? IfNoneMatch, string? IfModifiedSince, int Status, int BodyBytes);
