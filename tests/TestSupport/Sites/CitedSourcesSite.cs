using System.Collections.Concurrent;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.TestSupport.Sites;

/// <summary>
/// A real loopback site with a source of every kind a document may cite: a page (<c>/article</c>) and a permanent
/// move to it (<c>/moved</c>), a 404 (<c>/missing</c>), a 410 (<c>/removed</c>), an error page served with 200
/// (<c>/error-page</c>, a soft 404), a 503 (<c>/unavailable</c>), a 403 (<c>/members</c>), a 429 asking for an hour's
/// rest (<c>/busy</c>), a page that answers
/// after <see cref="SlowDelay"/> (<c>/slow/{n}</c>), and a statement that links to some of them (<c>/statement</c>:
/// <c>/article</c> by a relative link, <c>/missing</c>, and itself). It records when each request arrived and how
/// many were in flight at most.
/// </summary>
public sealed class CitedSourcesSite : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Path, DateTimeOffset At)> _requests = new();
    private LoopbackServer _server = null!;
    private int _inFlight;
    private int _mostInFlight;

    private CitedSourcesSite()
    {
    }

    public static TimeSpan SlowDelay { get; } = TimeSpan.FromMilliseconds(150);

    /// <summary>The most requests the site was answering at once.</summary>
    public int MostInFlight => Volatile.Read(ref _mostInFlight);

    /// <summary>Every request so far (path and arrival), in order of arrival.</summary>
    public IReadOnlyList<(string Path, DateTimeOffset At)> Requests => [.. _requests];

    public string Url(string path) => _server.Url(path);

    /// <summary>A Markdown document that cites each of <paramref name="paths"/> on this site in a sentence of its own.</summary>
    public string Markdown(params string[] paths) =>
        "# Statement on the border\n\n"
        + string.Concat(paths.Select((path, i) => $"As source {i + 1} reported ({Url(path)}), the border was closed.\n\n"));

    public static async Task<CitedSourcesSite> StartAsync()
    {
        var site = new CitedSourcesSite();
        site._server = await LoopbackServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                site._requests.Enqueue((context.Request.Path.Value ?? "", TimeProvider.System.GetUtcNow()));
                var now = Interlocked.Increment(ref site._inFlight);
                InterlockedMax(ref site._mostInFlight, now);
                try
                {
                    await next(context);
                }
                finally
                {
                    Interlocked.Decrement(ref site._inFlight);
                }
            });
            app.MapGet("/article", () => Html(
                "Border closed",
                "<article><h1>Border closed</h1><p>The commission recorded forty cases of arbitrary detention at the northern "
                + "border in January, and the ministry confirmed that the crossing stayed closed for eleven days.</p></article>"));
            app.MapGet("/moved", () => Results.Redirect("/article", permanent: true));
            app.MapGet("/missing", () => Results.NotFound());
            app.MapGet("/removed", () => Results.StatusCode(StatusCodes.Status410Gone));
            app.MapGet("/error-page", () => Html(
                "Secretaría de Gobernación",
                "<div class=\"contenido\"><p>The requested URL /error-page was not found on this server.</p></div>"));
            app.MapGet("/unavailable", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
            app.MapGet("/members", () => Results.StatusCode(StatusCodes.Status403Forbidden));
            app.MapGet("/busy", (HttpContext context) =>
            {
                context.Response.Headers.RetryAfter = "3600";
                return Results.StatusCode(StatusCodes.Status429TooManyRequests);
            });
            app.MapGet("/slow/{n}", async (string n) =>
            {
                await Task.Delay(SlowDelay);
                return Html($"Report {n}", $"<article><p>Report {n} of the commission on detentions at the border in January.</p></article>");
            });
            app.MapGet("/statement", () => Html(
                "Statement on the border",
                "<main><p>As the <a href=\"article\">commission reported</a>, the border was closed; the ministry's "
                + "<a href=\"/missing\">notice</a> said so too. <a href=\"/statement\">This statement</a> is ours.</p></main>"));
        });
        return site;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static IResult Html(string title, string body) => Results.Content(
        $"<!doctype html><html><head><title>{title}</title></head><body><nav><a href=\"/\">Inicio</a></nav>{body}</body></html>",
        "text/html; charset=utf-8");

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var before = Interlocked.CompareExchange(ref target, value, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }
}
