using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using CitationMonitor.Api.Http;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Api.Tests.Http;

/// <summary>
/// Links the monitor makes to itself come from <c>Monitor:PublicBaseUrl</c>, else from the address it listens on; never
/// from the request's <c>Host</c>, <c>X-Forwarded-Host</c> or <c>Forwarded</c> headers, which any client may forge.
/// Over real Kestrel on loopback, as a hostile client or a shared cache would meet it.
/// </summary>
public sealed class HostHeaderTests : IAsyncLifetime
{
    private const string Forged = "evil.example";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private TestSite _site = null!;

    public async Task InitializeAsync() => _site = await TestSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task AForgedHost_NeverAppearsInAnyHeaderOrBody()
    {
        await using var monitor = Running.Start();
        var watched = await WatchAndChangeAsync(monitor);

        var sweep = new Sweep(monitor.Client);

        // Writes: created resources, and a check run now.
        var created = await sweep.SendAsync(HttpMethod.Post, "/api/citations", Json(new { url = _site.Url("/report.txt") }));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        await sweep.SendAsync(HttpMethod.Post, "/api/documents", Json(new { title = "Another", text = $"See {_site.Url("/counter")}." }));
        await sweep.SendAsync(HttpMethod.Post, "/api/citations", Json(new { url = _site.Url("/report.txt") }));
        await sweep.SendAsync(HttpMethod.Post, $"/api/citations/{watched.CitationId}/check");

        // Every read the OpenAPI document lists, ids filled in, as GET and as HEAD.
        var openApi = await sweep.SendAsync(HttpMethod.Get, "/openapi/v1.json");
        var reads = JsonDocument.Parse(openApi.Body).RootElement.GetProperty("paths").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("get", out _) && !p.Name.Contains("{url}", StringComparison.Ordinal) && !p.Name.Contains("{datetime}", StringComparison.Ordinal))
            .Select(p => p.Name.Replace("{id}", "1", StringComparison.Ordinal).Replace("{citationId}", "1", StringComparison.Ordinal))
            .ToList();
        Assert.True(reads.Count > 20, $"only {reads.Count} read paths");
        foreach (var path in reads)
        {
            await sweep.SendAsync(HttpMethod.Get, path);
            await sweep.SendAsync(HttpMethod.Head, path);
        }

        // The Memento protocol: TimeMap, TimeGate (a redirect), each memento, a datetime that redirects.
        var url = watched.Url;
        var timeMap = await sweep.SendAsync(HttpMethod.Get, $"/timemap/link/{url}");
        Assert.Contains(monitor.Address + "/timemap/link/", timeMap.Body, StringComparison.Ordinal);
        var timeGate = await sweep.SendAsync(HttpMethod.Get, $"/timegate/{url}");
        Assert.Equal(HttpStatusCode.Found, timeGate.Status);
        var memento = new Uri(timeGate.Headers["Location"]);
        Assert.Equal(monitor.Address, memento.GetLeftPart(UriPartial.Authority));
        await sweep.SendAsync(HttpMethod.Get, memento.PathAndQuery);
        await sweep.SendAsync(HttpMethod.Head, $"/timegate/{url}");
        await sweep.SendAsync(HttpMethod.Get, $"/memento/2000/{url}");
        await sweep.SendAsync(HttpMethod.Get, $"/timegate/{url}", accept: ("Accept-Datetime", "Thu, 01 Jan 2015 00:00:00 GMT"));

        // Robust Links and the Atom feed.
        var robust = await sweep.SendAsync(HttpMethod.Get, $"/api/citations/{watched.CitationId}/robustlink?documentId={watched.DocumentId}");
        Assert.Contains(monitor.Address + "/memento/", robust.Body, StringComparison.Ordinal);
        var feed = await sweep.SendAsync(HttpMethod.Get, $"/api/changes.atom?documentId={watched.DocumentId}&limit=5");
        Assert.Contains($"{monitor.Address}/api/changes/", feed.Body, StringComparison.Ordinal);
        await sweep.SendAsync(HttpMethod.Get, "/api/changes.atom");

        // The API reference and the redirect to it.
        await sweep.SendAsync(HttpMethod.Get, "/");
        await sweep.SendAsync(HttpMethod.Get, "/scalar/v1");

        // Problem bodies: unknown ids, bad ids, unwatched URLs, bad headers and bodies, unknown paths and methods.
        await sweep.SendAsync(HttpMethod.Get, "/api/citations/999999");
        await sweep.SendAsync(HttpMethod.Get, "/api/citations/abc");
        await sweep.SendAsync(HttpMethod.Get, "/api/documents/999999");
        await sweep.SendAsync(HttpMethod.Get, "/timegate/https://unwatched.example.org/page");
        await sweep.SendAsync(HttpMethod.Get, "/timemap/link/https://unwatched.example.org/page");
        await sweep.SendAsync(HttpMethod.Get, $"/timegate/{url}", accept: ("Accept-Datetime", "yesterday"));
        await sweep.SendAsync(HttpMethod.Get, $"/memento/99/{url}");
        await sweep.SendAsync(HttpMethod.Get, "/api/citations/1/robustlink?at=soon");
        await sweep.SendAsync(HttpMethod.Get, "/api/changes.atom?limit=0");
        await sweep.SendAsync(HttpMethod.Post, "/api/citations", Json(new { }));
        await sweep.SendAsync(HttpMethod.Post, "/api/citations", new StringContent("{ not json", Encoding.UTF8, "application/json"));
        await sweep.SendAsync(HttpMethod.Delete, "/api/summary");
        await sweep.SendAsync(HttpMethod.Get, "/no/such/path");

        Assert.True(sweep.Count > 80, $"only {sweep.Count} answers swept");
        Assert.Contains(sweep.Statuses, s => s >= 400);
        Assert.True(sweep.Leaks.Count == 0, "the forged host came back:\n" + string.Join("\n", sweep.Leaks));
    }

    [Fact]
    public async Task WithAPublicBaseUrl_EveryLinkToTheMonitorUsesIt()
    {
        const string Public = "https://monitor.example.org/watch";
        await using var monitor = Running.Start(new() { ["Monitor:PublicBaseUrl"] = Public + "/" });
        var watched = await WatchAndChangeAsync(monitor);
        var sweep = new Sweep(monitor.Client);

        var timeMap = await sweep.SendAsync(HttpMethod.Get, $"/timemap/link/{watched.Url}");
        var timeGate = await sweep.SendAsync(HttpMethod.Get, $"/timegate/{watched.Url}");
        var robust = JsonDocument.Parse((await sweep.SendAsync(HttpMethod.Get, $"/api/citations/{watched.CitationId}/robustlink")).Body).RootElement;
        var feed = XDocument.Parse((await sweep.SendAsync(HttpMethod.Get, "/api/changes.atom?limit=5")).Body).Root!;
        var openApi = JsonDocument.Parse((await sweep.SendAsync(HttpMethod.Get, "/openapi/v1.json")).Body).RootElement;

        Assert.Contains($"<{Public}/timemap/link/{watched.Url}>; rel=\"self\"", timeMap.Body, StringComparison.Ordinal);
        Assert.Contains($"<{Public}/timegate/{watched.Url}>; rel=\"timegate\"", timeMap.Body, StringComparison.Ordinal);
        Assert.StartsWith($"{Public}/memento/", timeGate.Headers["Location"], StringComparison.Ordinal);
        Assert.StartsWith($"{Public}/memento/", robust.GetProperty("mementoUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal($"{Public}/api/changes.atom?limit=5", SelfOf(feed));
        Assert.All(feed.Elements(Atom + "entry"), entry => Assert.StartsWith(Public + "/api/", (string?)entry.Element(Atom + "link")!.Attribute("href"), StringComparison.Ordinal));
        Assert.NotEmpty(feed.Elements(Atom + "entry"));
        Assert.Equal(Public, Assert.Single(openApi.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
        Assert.Empty(sweep.Leaks);
    }

    [Fact]
    public async Task WithoutAPublicBaseUrl_LinksUseTheListenAddress_WhateverHostTheClientNamed()
    {
        await using var monitor = Running.Start();
        var watched = await WatchAndChangeAsync(monitor);
        var port = new Uri(monitor.Address).Port;

        var answers = new List<string>();
        foreach (var host in new[] { $"localhost:{port}", $"127.0.0.1:{port}", Forged, "monitor.example.org" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/timegate/{watched.Url}");
            request.Headers.Host = host;
            using var response = await monitor.Client.SendAsync(request);
            answers.Add(response.Headers.Location!.ToString());
        }

        Assert.Single(answers.Distinct());
        Assert.StartsWith($"http://127.0.0.1:{port}/memento/", answers[0], StringComparison.Ordinal);
        var openApi = await (await monitor.Client.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        Assert.Equal($"http://127.0.0.1:{port}", Assert.Single(openApi.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000", "http://localhost:5000")]
    [InlineData("http://+:8080", "http://localhost:8080")]
    [InlineData("http://*:8080", "http://localhost:8080")]
    [InlineData("http://0.0.0.0:8080", "http://localhost:8080")]
    [InlineData("http://[::]:80", "http://localhost")]
    [InlineData("https://[::]:443", "https://localhost")]
    [InlineData("http://[::1]:5000", "http://[::1]:5000")]
    [InlineData("HTTP://Monitor.Internal:81", "http://monitor.internal:81")]
    [InlineData("http://unix:/run/monitor.sock", null)]
    public void AListenAddress_IsWrittenInAConcreteForm(string address, string? expected) =>
        Assert.Equal(expected, SelfLinks.Concrete(address));

    [Fact]
    public void OfSeveralListenAddresses_TheFirstHttpsOneIsChosen()
    {
        Assert.Equal("https://localhost:5001", SelfLinks.Choose(["http://[::]:5000", "https://[::]:5001"]));
        Assert.Equal("http://localhost:5000", SelfLinks.Choose(["http://unix:/run/monitor.sock", "http://localhost:5000"]));
        Assert.Null(SelfLinks.Choose([]));
    }

    /// <summary>
    /// A document citing the site's statement (checked, edited, checked again: two captures and a change), with the
    /// forged headers on every request.
    /// </summary>
    private async Task<Watched> WatchAndChangeAsync(Running monitor)
    {
        var sweep = new Sweep(monitor.Client);
        var url = _site.Url("/press/statement");
        var document = JsonDocument.Parse((await sweep.SendAsync(HttpMethod.Post, "/api/documents", Json(new { title = "Statement", text = $"As reported ({url})." }))).Body).RootElement;
        var citation = document.GetProperty("citations")[0];
        var id = citation.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await sweep.SendAsync(HttpMethod.Post, $"/api/citations/{id}/check")).Status);
        _site.Article = "The commission recorded fifty cases of arbitrary detention in January.";
        Assert.Equal(HttpStatusCode.OK, (await sweep.SendAsync(HttpMethod.Post, $"/api/citations/{id}/check")).Status);
        Assert.Empty(sweep.Leaks);
        return new Watched(id, document.GetProperty("id").GetInt64(), citation.GetProperty("normalizedUrl").GetString()!);
    }

    private static string? SelfOf(XElement feed) =>
        (string?)feed.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href");

    private static StringContent Json(object value) => new(JsonSerializer.Serialize(value, MonitorApiFactory.Json), Encoding.UTF8, "application/json");

    private sealed record Watched(long CitationId, long DocumentId, string Url);

    /// <summary>One answer: status, every header (response and content) and the body as text.</summary>
    private sealed record Answer(HttpStatusCode Status, Dictionary<string, string> Headers, string Body);

    /// <summary>
    /// Requests sent as a hostile client would: the forged name in Host, X-Forwarded-Host, Forwarded and X-Original-Host,
    /// with X-Forwarded-For and -Proto from a client no configuration trusts. Every answer is searched for the name.
    /// </summary>
    private sealed class Sweep(HttpClient client)
    {
        public List<string> Leaks { get; } = [];

        public List<int> Statuses { get; } = [];

        public int Count => Statuses.Count;

        public async Task<Answer> SendAsync(HttpMethod method, string path, HttpContent? content = null, (string Name, string Value)? accept = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            request.Headers.Host = Count % 2 == 0 ? Forged : Forged + ":443";
            request.Headers.TryAddWithoutValidation("X-Forwarded-Host", Forged);
            request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", "203.0.113.66");
            request.Headers.TryAddWithoutValidation("X-Forwarded-Prefix", "/" + Forged);
            request.Headers.TryAddWithoutValidation("X-Original-Host", Forged);
            request.Headers.TryAddWithoutValidation("Forwarded", $"for=203.0.113.66;host={Forged};proto=https");
            request.Headers.Referrer = new Uri($"https://{Forged}/page");
            if (accept is { } header)
            {
                request.Headers.TryAddWithoutValidation(header.Name, header.Value);
            }

            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var headers = response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
                .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
            Statuses.Add((int)response.StatusCode);
            foreach (var (name, value) in headers.Where(h => h.Value.Contains(Forged, StringComparison.OrdinalIgnoreCase)))
            {
                Leaks.Add($"{method} {path} ({(int)response.StatusCode}): header {name}: {value}");
            }

            if (body.Contains(Forged, StringComparison.OrdinalIgnoreCase))
            {
                var at = body.IndexOf(Forged, StringComparison.OrdinalIgnoreCase);
                Leaks.Add($"{method} {path} ({(int)response.StatusCode}): body ...{body[Math.Max(0, at - 80)..Math.Min(body.Length, at + 40)]}...");
            }

            return new Answer(response.StatusCode, headers, body);
        }
    }

    /// <summary>The API over real Kestrel on 127.0.0.1 and a port the system picks, with a client that follows no redirect.</summary>
    private sealed class Running : IAsyncDisposable
    {
        private Running(MonitorApiFactory factory, HttpClient client, string address)
        {
            Factory = factory;
            Client = client;
            Address = address;
        }

        public MonitorApiFactory Factory { get; }

        public HttpClient Client { get; }

        /// <summary>Where it listens: <c>http://127.0.0.1:port</c>.</summary>
        public string Address { get; }

        public static Running Start(Dictionary<string, string?>? settings = null)
        {
            var factory = new MonitorApiFactory(settings);
            factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            factory.StartServer();
            var address = factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/');
            var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, UseCookies = false })
            {
                BaseAddress = new Uri(address + "/"),
            };
            return new Running(factory, client, address);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Factory.DisposeAsync();
        }
    }
}
