using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.TestSupport.Sites;

/// <summary>
/// A web archive on loopback that answers in the Wayback Machine's shapes: the availability API
/// (<c>/wayback/available</c>), the CDX API with <c>output=json</c> (<c>/cdx/search/cdx</c>), replay with the <c>id_</c>
/// flag (<c>/web/{timestamp}id_/{url}</c>) and save (<c>/save/{url}</c>). It holds the captures a test gives it.
/// </summary>
public sealed class ArchiveStandIn : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, List<Capture>> _captures = new(StringComparer.Ordinal);

    private ArchiveStandIn(LoopbackServer server) => Server = server;

    public LoopbackServer Server { get; }

    /// <summary>Every request received, as path and query, in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>When set, every request is answered with this status and nothing else.</summary>
    public int? FailWith { get; set; }

    /// <summary>How long every answer waits first.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Settings that turn the archive on and point every endpoint here.</summary>
    public IDictionary<string, string?> Settings(bool save = false) => new Dictionary<string, string?>
    {
        ["Monitor:Archive:Enabled"] = "true",
        ["Monitor:Archive:AvailabilityEndpoint"] = Server.Url("/wayback/available"),
        ["Monitor:Archive:CdxEndpoint"] = Server.Url("/cdx/search/cdx"),
        ["Monitor:Archive:ReplayEndpoint"] = Server.Url("/web/"),
        ["Monitor:Archive:SaveEndpoint"] = save ? Server.Url("/save/") : null,
        ["Monitor:Archive:Timeout"] = "00:00:02",
        ["Monitor:Archive:RetryBaseDelay"] = "00:00:00.200",
    };

    public static async Task<ArchiveStandIn> StartAsync()
    {
        ArchiveStandIn? standIn = null;
        var server = await LoopbackServer.StartAsync(app => app.Run(context => standIn!.AnswerAsync(context)));
        standIn = new ArchiveStandIn(server);
        return standIn;
    }

    /// <summary>The archive captured <paramref name="url"/> at <paramref name="at"/>, getting this HTML page.</summary>
    public void Add(string url, DateTimeOffset at, string html) =>
        _captures.GetOrAdd(url, _ => []).Add(new Capture(at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(html)));

    /// <summary>The bytes the archive holds for <paramref name="url"/> at <paramref name="timestamp"/>.</summary>
    public byte[] Bytes(string url, string timestamp) => _captures[url].Single(c => c.Timestamp == timestamp).Bytes;

    /// <summary>The public replay URL the archive gives for a capture.</summary>
    public string ReplayUrl(string url, string timestamp) => Server.Url($"/web/{timestamp}/") + url;

    private async Task AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        var target = request.Path.Value + request.QueryString.Value;
        Requests.Enqueue(target);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        if (FailWith is { } status)
        {
            context.Response.StatusCode = status;
            return;
        }

        var path = request.Path.Value ?? "";
        if (path == "/wayback/available")
        {
            var closest = Closest(request.Query["url"]!, request.Query["timestamp"]!);
            object answer = closest is null
                ? new { archived_snapshots = new { } }
                : new { archived_snapshots = new { closest = new { available = true, url = ReplayUrl(request.Query["url"]!, closest.Timestamp), timestamp = closest.Timestamp, status = "200" } } };
            await context.Response.WriteAsJsonAsync(answer);
        }
        else if (path == "/cdx/search/cdx")
        {
            // Only what the monitor must ask for is answered, as the real API would with these parameters.
            if (request.Query["output"] != "json" || request.Query["sort"] != "closest" || request.Query["filter"] != "statuscode:200")
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            var url = request.Query["url"].ToString();
            var closest = Closest(url, request.Query["closest"]!);
            string[][] rows = closest is null
                ? []
                : [["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"],
                   [url, closest.Timestamp, url, "text/html", "200", "DIGEST", closest.Bytes.Length.ToString(CultureInfo.InvariantCulture)]];
            await context.Response.WriteAsync(JsonSerializer.Serialize(rows));
        }
        else if (path.StartsWith("/web/", StringComparison.Ordinal) && path.IndexOf("id_/", StringComparison.Ordinal) is var flag and > 0)
        {
            var timestamp = path["/web/".Length..flag];
            var url = path[(flag + "id_/".Length)..] + request.QueryString.Value;
            var capture = _captures.TryGetValue(url, out var list) ? list.SingleOrDefault(c => c.Timestamp == timestamp) : null;
            if (capture is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.Body.WriteAsync(capture.Bytes);
        }
        else if (path.StartsWith("/save/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private Capture? Closest(string url, string timestamp)
    {
        if (!_captures.TryGetValue(url, out var list) || list.Count == 0)
        {
            return null;
        }

        var at = long.Parse(timestamp, CultureInfo.InvariantCulture);
        return list.MinBy(c => Math.Abs(long.Parse(c.Timestamp, CultureInfo.InvariantCulture) - at));
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private sealed record Capture(string Timestamp, byte[] Bytes);
}
