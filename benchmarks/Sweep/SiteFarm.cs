using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace CitationMonitor.Sweep;

/// <summary>What one site saw during a sweep.</summary>
internal sealed record SiteTraffic(int Site, int Requests, TimeSpan? MinGap, int MaxInFlight, int NotModified, int NotFound, long BytesSent);

/// <summary>
/// The local sites: one Kestrel server listening on 127.0.0.10, 127.0.0.11, ... (one address per site, one port), serving
/// <see cref="SitePages"/>. Each site records when every request arrived and how many were in flight at once, so a run can
/// tell whether the monitor stayed polite. Nothing listens beyond the loopback interface. It renders every answer anew,
/// so its CPU (the whole benchmark process's, which it shares) is part of what a sweep measures.
/// </summary>
internal sealed class SiteFarm : IFakeWeb
{
    private const string LinkListPath = "/peers/links.html";

    private static readonly DateTimeOffset Published = new(2021, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;
    private readonly SitePages _pages;
    private readonly Recorder[] _recorders;
    private int _generation = 1;
    private string? _linkList;

    private SiteFarm(WebApplication app, SitePages pages, int port)
    {
        _app = app;
        _pages = pages;
        Port = port;
        _recorders = [.. Enumerable.Range(0, pages.Sites).Select(_ => new Recorder())];
    }

    public int Port { get; }

    public string Description => "Kestrel in this process, each answer rendered anew (requests recorded per site)";

    public Task SetGenerationAsync(int generation)
    {
        Volatile.Write(ref _generation, generation);
        return Task.CompletedTask;
    }

    public TimeSpan ServerCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    public Task<string> PublishLinkListAsync(IReadOnlyList<string> urls)
    {
        Volatile.Write(ref _linkList, StaticWeb.LinkList(urls));
        return Task.FromResult(string.Create(CultureInfo.InvariantCulture, $"http://{AddressOf(0)}:{Port}{LinkListPath}"));
    }

    public static IPAddress AddressOf(int site) => new([127, 0, 0, (byte)(10 + site)]);

    public string Url(int site, int page) =>
        string.Create(CultureInfo.InvariantCulture, $"http://{AddressOf(site)}:{Port}{SitePages.PathOf(page)}");

    public static async Task<SiteFarm> StartAsync(SitePages pages)
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            for (var site = 0; site < pages.Sites; site++)
            {
                kestrel.Listen(AddressOf(site), port);
            }
        });

        var app = builder.Build();
        SiteFarm? farm = null;
        app.Run(context => farm!.ServeAsync(context));
        farm = new SiteFarm(app, pages, port);
        await app.StartAsync();
        return farm;
    }

    /// <summary>Forgets what the sites saw so far, at the start of a sweep.</summary>
    public void ResetRecording()
    {
        foreach (var recorder in _recorders)
        {
            recorder.Reset();
        }
    }

    public IReadOnlyList<SiteTraffic> Traffic() => [.. _recorders.Select((recorder, site) => recorder.Summary(site))];

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var site = context.Connection.LocalIpAddress!.MapToIPv4().GetAddressBytes()[3] - 10;
        var recorder = _recorders[site];
        recorder.Arrive(Stopwatch.GetTimestamp());
        var status = 200;
        var sent = 0L;
        try
        {
            (status, var html) = Answer(context, site);
            context.Response.StatusCode = status;
            if (html is not null)
            {
                var bytes = Encoding.UTF8.GetBytes(html);
                context.Response.ContentType = SitePages.ContentType;
                context.Response.ContentLength = bytes.Length;
                await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
                sent = bytes.Length;
            }
        }
        finally
        {
            recorder.Leave(status, sent);
        }
    }

    private (int Status, string? Html) Answer(HttpContext context, int site)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path == "/")
        {
            return (200, _pages.Home(site));
        }

        if (path == LinkListPath && site == 0 && Volatile.Read(ref _linkList) is { } links)
        {
            return (200, links);
        }

        var moved = SitePages.TryParseMoved(path, out var page);
        if (!(moved || SitePages.TryParse(path, out page)) || page >= _pages.PagesPerSite)
        {
            return (404, _pages.NotFound(site));
        }

        var facts = _pages.Facts(site, page);
        if (facts.Missing || (moved && !facts.Redirected))
        {
            return (404, _pages.NotFound(site));
        }

        if (facts.Redirected && !moved)
        {
            context.Response.Headers.Location = SitePages.MovedPathOf(page);
            return (301, null);
        }

        var version = _pages.VersionOf(site, page, Volatile.Read(ref _generation));
        var kind = SitePages.KindOf(site);
        if (kind == SiteKind.Validators)
        {
            var etag = string.Create(CultureInfo.InvariantCulture, $"\"{site:x}-{page:x}-{version}\"");
            var lastModified = Published.AddDays(version);
            var headers = context.Response.GetTypedHeaders();
            headers.ETag = EntityTagHeaderValue.Parse(etag);
            headers.LastModified = lastModified;
            var request = context.Request.GetTypedHeaders();
            var matches = request.IfNoneMatch is { Count: > 0 } tags
                ? tags.Any(tag => tag.Tag.Value == etag)
                : request.IfModifiedSince is { } since && since >= lastModified;
            if (matches)
            {
                return (304, null);
            }
        }

        var token = kind == SiteKind.Tokenized ? Guid.NewGuid().ToString("N") : null;
        return (200, _pages.Page(site, page, version, token));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(AddressOf(0), 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private sealed class Recorder
    {
        private readonly Lock _lock = new();
        private readonly List<long> _arrivals = [];
        private int _inFlight;
        private int _maxInFlight;
        private int _notModified;
        private int _notFound;
        private long _bytesSent;

        public void Arrive(long timestamp)
        {
            lock (_lock)
            {
                _arrivals.Add(timestamp);
                _inFlight++;
                _maxInFlight = Math.Max(_maxInFlight, _inFlight);
            }
        }

        public void Leave(int status, long bytes)
        {
            lock (_lock)
            {
                _inFlight--;
                _bytesSent += bytes;
                _notModified += status == 304 ? 1 : 0;
                _notFound += status == 404 ? 1 : 0;
            }
        }

        public void Reset()
        {
            lock (_lock)
            {
                _arrivals.Clear();
                _maxInFlight = _inFlight;
                _notModified = 0;
                _notFound = 0;
                _bytesSent = 0;
            }
        }

        public SiteTraffic Summary(int site)
        {
            lock (_lock)
            {
                var sorted = _arrivals.Order().ToArray();
                TimeSpan? minGap = null;
                for (var i = 1; i < sorted.Length; i++)
                {
                    var gap = Stopwatch.GetElapsedTime(sorted[i - 1], sorted[i]);
                    minGap = minGap is { } min && min <= gap ? min : gap;
                }

                return new SiteTraffic(site, sorted.Length, minGap, _maxInFlight, _notModified, _notFound, _bytesSent);
            }
        }
    }
}
