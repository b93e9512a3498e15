using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Api.Tests.Http;

/// <summary>
/// HEAD on every read of the OpenAPI document, over real Kestrel: the same status and headers as GET, no body, and
/// the Content-Length the GET's body has. One connection carries HEAD then GET, so a body leaked after a HEAD
/// answer would break the GET that follows it.
/// </summary>
public sealed class HeadRequestTests : ApiTest
{
    /// <summary>Bytes by which two answers stamped with the time may differ (a fraction of a second written or not).</summary>
    private const int TimeStampSlack = 16;

    public override Task InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = new Uri(address) };
        return Task.CompletedTask;
    }

    [Fact]
    public async Task EveryRead_AnswersHeadLikeGetWithoutTheBody()
    {
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/documents", new { title = "Seed", text = "See https://www.gob.mx/informe." })).StatusCode);
        var paths = await ReadPathsAsync();
        Assert.True(paths.Count > 10, $"only {paths.Count} read paths");

        foreach (var path in paths)
        {
            // GET, HEAD, GET. Some answers carry the time they were made (fixity's next run, a WARC's warcinfo), so
            // their length may differ by a few bytes from one call to the next: HEAD's must be within those of the GETs.
            var before = (await (await Client.GetAsync(path)).Content.ReadAsByteArrayAsync()).Length;
            using var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            var headBody = await head.Content.ReadAsByteArrayAsync();
            using var get = await Client.GetAsync(path);
            var after = (await get.Content.ReadAsByteArrayAsync()).Length;

            Assert.True(get.StatusCode == head.StatusCode, $"{path}: GET {(int)get.StatusCode}, HEAD {(int)head.StatusCode}");
            Assert.NotEqual(HttpStatusCode.MethodNotAllowed, head.StatusCode);
            Assert.Empty(headBody);
            Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
            Assert.Equal(get.Headers.Contains("X-Content-Type-Options"), head.Headers.Contains("X-Content-Type-Options"));
            if (after > 0)
            {
                var length = head.Content.Headers.ContentLength;
                Assert.True(
                    length >= Math.Min(before, after) - TimeStampSlack && length <= Math.Max(before, after) + TimeStampSlack,
                    $"{path}: HEAD says {length} bytes, GET sent {before} and {after}");
            }
        }
    }

    [Fact]
    public async Task HeadOfAnAnswerWithoutContent_SaysContentLengthZeroLikeTheGet()
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Client.BaseAddress };

        using var get = await client.GetAsync("/");
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, head.StatusCode);
        Assert.Equal(get.Headers.Location, head.Headers.Location);
        Assert.Equal(0, get.Content.Headers.ContentLength);
        Assert.Equal(0, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task HeadOfAWriteOnlyPath_IsStillMethodNotAllowed()
    {
        using var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/backups"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    /// <summary>GET paths of the OpenAPI document without catch-all parameters, ids filled with 1.</summary>
    private async Task<List<string>> ReadPathsAsync()
    {
        var document = await (await Client.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        return document.GetProperty("paths").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("get", out _) && !p.Name.Contains("{url}", StringComparison.Ordinal) && !p.Name.Contains("{datetime}", StringComparison.Ordinal))
            .Select(p => p.Name.Replace("{id}", "1", StringComparison.Ordinal))
            .ToList();
    }
}
