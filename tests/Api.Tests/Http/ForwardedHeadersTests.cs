using System.Net;
using System.Net.Http.Json;
using CitationMonitor.Api.Tests.Docs;
using CitationMonitor.Infrastructure.Hosting;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Http;

/// <summary>
/// Behind a reverse proxy: X-Forwarded-For is believed only from the addresses of
/// <c>Monitor:ForwardedHeaders:KnownProxies</c>, so the per-client limits and the rule that keyless writes come from this
/// machine see the real client there, and a client anywhere else cannot pass for another address.
/// </summary>
public sealed class ForwardedHeadersTests : IDisposable
{
    private const string Proxy = "10.0.0.5";

    private readonly TestFolder _folder = new();

    [Fact]
    public async Task FromAConfiguredProxy_EachForwardedClientHasItsOwnRateLimitWindow()
    {
        await using var factory = new MonitorApiFactory(Settings(("Monitor:ForwardedHeaders:KnownProxies:0", Proxy)));
        using var client = factory.CreateClient();

        // What a client wrote itself before the proxy's own entry is not believed: all four are 203.0.113.1.
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(client, Proxy, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(client, Proxy, "198.51.100.1, 203.0.113.1"));
        Assert.Equal((HttpStatusCode)429, await ReadAsync(client, Proxy, "198.51.100.2, 203.0.113.1"));
        Assert.Equal((HttpStatusCode)429, await ReadAsync(client, Proxy, "203.0.113.1"));

        Assert.Equal(HttpStatusCode.OK, await ReadAsync(client, Proxy, "203.0.113.2"));
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(client, Proxy, "2001:db8::7"));

        // The proxy's address as a dual-stack listener sees it is the same proxy.
        Assert.Equal((HttpStatusCode)429, await ReadAsync(client, "::ffff:" + Proxy, "203.0.113.1"));
    }

    [Fact]
    public async Task FromAnyOtherAddress_ForwardedHeadersAreIgnored()
    {
        await using var factory = new MonitorApiFactory(Settings(("Monitor:ForwardedHeaders:KnownProxies:0", Proxy)));
        using var client = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, await ReadAsync(client, "198.51.100.7", "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(client, "198.51.100.7", "203.0.113.2"));
        Assert.Equal((HttpStatusCode)429, await ReadAsync(client, "198.51.100.7", "203.0.113.3"));
        Assert.Equal((HttpStatusCode)429, await ReadAsync(client, "198.51.100.7", Proxy));
    }

    [Fact]
    public async Task WithoutKnownProxies_NoAddressIsBelieved_NotEvenLoopback()
    {
        await using var factory = new MonitorApiFactory(Settings());
        using var client = factory.CreateClient();

        foreach (var address in new[] { "127.0.0.1", Proxy })
        {
            Assert.Equal(HttpStatusCode.OK, await ReadAsync(client, address, "203.0.113.1"));
            Assert.Equal(HttpStatusCode.OK, await ReadAsync(client, address, "203.0.113.2"));
            Assert.Equal((HttpStatusCode)429, await ReadAsync(client, address, "203.0.113.3"));
        }
    }

    [Fact]
    public async Task AProxyOnThisMachine_DoesNotMakeItsClientsLocal_AndNoClientCanClaimToBeLocal()
    {
        await using var factory = new MonitorApiFactory(Settings(("Monitor:ForwardedHeaders:KnownProxies:0", "127.0.0.1")));
        using var client = factory.CreateClient();

        // No API keys: only clients on this machine may write.
        await ProblemAssert.IsProblemAsync(await WriteAsync(client, "127.0.0.1", "203.0.113.1", "https://example.org/1"), HttpStatusCode.Unauthorized);
        await ProblemAssert.IsProblemAsync(await WriteAsync(client, "203.0.113.9", "127.0.0.1", "https://example.org/2"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Created, (await WriteAsync(client, "127.0.0.1", null, "https://example.org/3")).StatusCode);
    }

    [Theory]
    [InlineData("proxy.example")]
    [InlineData("10.0.0.0/8")]
    [InlineData("10.0.0.5:8080")]
    public async Task AKnownProxyThatIsNoIpAddress_StopsTheStartWithOneLineNamingTheKey(string value)
    {
        await using var process = ApiProcess.Start(
            $"--Monitor:DatabasePath={_folder.DatabasePath}",
            "--Monitor:ForwardedHeaders:KnownProxies:0=10.0.0.5",
            $"--Monitor:ForwardedHeaders:KnownProxies:1={value}");

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(MonitorHostExtensions.ConfigurationErrorExitCode, exitCode);
        Assert.Equal(
            [$"Monitor:ForwardedHeaders:KnownProxies:1: '{value}' is not an IP address; list each proxy by its address, e.g. 10.0.0.5 or ::1"],
            process.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0));
    }

    [Fact]
    public async Task TheBadProxyOfTheSecurityPage_GivesTheLineItShows()
    {
        var blocks = DocsPages.Read("docs/security.md").Blocks;
        var start = blocks.Select((block, index) => (block, index))
            .Single(b => b.block.Language == "sh" && b.block.Text.Contains("KnownProxies:0=proxy.example", StringComparison.Ordinal));
        var command = start.block.Lines.Single(l => l.StartsWith("dotnet run", StringComparison.Ordinal));
        var settings = ShellWords.Split(command).Select(w => w.Text).SkipWhile(w => w != "--").Skip(1);

        await using var process = ApiProcess.Start([$"--Monitor:DatabasePath={_folder.DatabasePath}", .. settings]);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        var shown = blocks[start.index + 1];
        Assert.Equal("text", shown.Language);
        Assert.Equal(MonitorHostExtensions.ConfigurationErrorExitCode, exitCode);
        Assert.Equal(shown.Lines.Where(l => l.Length > 0), process.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0));
    }

    public void Dispose() => _folder.Dispose();

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?> { ["Monitor:RateLimit:RequestsPerMinute"] = "2" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>A read from <paramref name="from"/> (the address the connection comes from) carrying X-Forwarded-For.</summary>
    private static async Task<HttpStatusCode> ReadAsync(HttpClient client, string from, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/summary");
        request.Headers.Add(MonitorApiFactory.ClientAddressHeader, from);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpResponseMessage> WriteAsync(HttpClient client, string from, string? forwardedFor, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/citations") { Content = JsonContent.Create(new { url }) };
        request.Headers.Add(MonitorApiFactory.ClientAddressHeader, from);
        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        return await client.SendAsync(request);
    }
}
