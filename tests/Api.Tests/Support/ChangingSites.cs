using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Api.Tests.Support;

/// <summary>
/// Several loopback sites (127.0.0.40, .41, ...), each serving <c>/statement/{n}</c>: a small HTML page whose text
/// moves to a new version every <c>period</c>, so a sweep keeps writing snapshots and changes; every 25th page
/// answers 404. Each request is recorded with when it started and ended, so two fetches of one page at the same time
/// can be found.
/// </summary>
public sealed class ChangingSites : IAsyncDisposable
{
    private readonly List<LoopbackServer> _servers = [];
    private readonly Lock _lock = new();
    private readonly List<(string Page, long Start, long End)> _requests = [];
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly TimeSpan _period;
    private readonly TimeSpan _answerDelay;

    private ChangingSites(TimeSpan period, TimeSpan answerDelay)
    {
        _period = period;
        _answerDelay = answerDelay;
    }

    /// <summary>Every page's URL, site by site.</summary>
    public IReadOnlyList<string> Urls { get; private set; } = [];

    public int RequestCount
    {
        get
        {
            lock (_lock)
            {
                return _requests.Count;
            }
        }
    }

    /// <summary>Starts <paramref name="sites"/> sites of <paramref name="pagesPerSite"/> pages each.</summary>
    public static async Task<ChangingSites> StartAsync(int sites, int pagesPerSite, TimeSpan period, TimeSpan answerDelay)
    {
        var farm = new ChangingSites(period, answerDelay);
        var urls = new List<string>();
        for (var site = 0; site < sites; site++)
        {
            var server = await LoopbackServer.StartAsync(
                app => app.MapGet("/statement/{n:int}", (int n, HttpContext context) => farm.AnswerAsync(n, context)),
                address: new IPAddress([127, 0, 0, (byte)(40 + site)]));
            farm._servers.Add(server);
            urls.AddRange(Enumerable.Range(0, pagesPerSite).Select(n => server.Url(string.Create(CultureInfo.InvariantCulture, $"/statement/{n}"))));
        }

        farm.Urls = urls;
        return farm;
    }

    /// <summary>Pages that were being fetched twice at the same moment, with how many such overlaps each had.</summary>
    public IReadOnlyDictionary<string, int> Overlaps()
    {
        lock (_lock)
        {
            return _requests
                .GroupBy(r => r.Page)
                .Select(g => (Page: g.Key, Count: CountOverlaps([.. g.OrderBy(r => r.Start)])))
                .Where(p => p.Count > 0)
                .ToDictionary(p => p.Page, p => p.Count);
        }
    }

    /// <summary>Distinct pages requested at least once.</summary>
    public int PagesRequested()
    {
        lock (_lock)
        {
            return _requests.Select(r => r.Page).Distinct().Count();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    private static int CountOverlaps(List<(string Page, long Start, long End)> ordered)
    {
        var overlaps = 0;
        var latestEnd = long.MinValue;
        foreach (var request in ordered)
        {
            overlaps += request.Start < latestEnd ? 1 : 0;
            latestEnd = Math.Max(latestEnd, request.End);
        }

        return overlaps;
    }

    private async Task AnswerAsync(int n, HttpContext context)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            // Long enough that two checks of one page at once would be seen overlapping.
            await Task.Delay(_answerDelay, context.RequestAborted);
            if (n % 25 == 24)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var version = (int)(Stopwatch.GetElapsedTime(_startedAt) / _period);
            var html = string.Create(CultureInfo.InvariantCulture, $"""
                <!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>Comunicado {n}</title></head>
                <body><main><h1>Comunicado {n} sobre la frontera</h1>
                <p>La autoridad informó que el paso fronterizo {n} permanece abierto en horario de {8 + (n % 5)} a 18 horas.</p>
                <p>Actualización {version}: se recibieron {version * 7 + n} solicitudes de asilo durante la semana.</p>
                </main></body></html>
                """);
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(html), context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The monitor went away mid-request (a kill): nothing to answer.
        }
        finally
        {
            var page = context.Request.Host.Value + context.Request.Path.Value;
            lock (_lock)
            {
                _requests.Add((page, start, Stopwatch.GetTimestamp()));
            }
        }
    }
}
