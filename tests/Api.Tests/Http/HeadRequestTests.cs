using System.Net;
using CitationMonitor.Api.Export;
using CitationMonitor.Api.Tests.Support;
using Microsoft.Data.Sqlite;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Http;

/// <summary>
/// HEAD on every read of the OpenAPI document, over real Kestrel: the same status and headers as GET, no body, and
/// the Content-Length the GET's body has, except for WARC exports, which HEAD describes without making them. One
/// connection carries HEAD then GET, so a body leaked after a HEAD answer would break the GET that follows it.
/// </summary>
public sealed class HeadRequestTests : ApiTest
{
    /// <summary>Bytes by which two answers stamped with the time may differ (a fraction of a second written or not).</summary>
    private const int TimeStampSlack = 16;

    public override Task InitializeAsync()
    {
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = StartOnKestrel() };
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
            // GET, HEAD, GET. Some answers carry the time they were made (fixity's next run), so their length may
            // differ by a few bytes from one call to the next: HEAD's must be within those of the GETs.
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
            // Exports are streamed: HEAD leaves them unmade, so only making them would tell their length.
            if (get.Content.Headers.ContentType?.MediaType == ExportApi.WarcContentType || path.StartsWith("/api/export/", StringComparison.Ordinal))
            {
                Assert.False(head.Content.Headers.NonValidated.Contains("Content-Length"), $"{path}: HEAD gave a streamed export a length");
            }
            else if (after > 0)
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

        using var get = await client.GetAsync("/language?culture=es&returnUrl=/documents");
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/language?culture=es&returnUrl=/documents"));

        Assert.Equal(HttpStatusCode.Redirect, get.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, head.StatusCode);
        Assert.Equal(get.Headers.Location, head.Headers.Location);
        Assert.Equal(0, get.Content.Headers.ContentLength);
        Assert.Equal(0, head.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task HeadOfAWarcExport_AnswersLikeTheGetWithoutMakingTheFile()
    {
        await using var site = await TestSite.StartAsync();
        var document = await (await Client.PostJsonAsync("/api/documents", new { title = "Statement", text = $"As reported ({site.Url("/press/statement")})." })).ReadJsonAsync();
        var citation = document.GetProperty("citations")[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/citations/{citation}/check", null)).StatusCode);
        string[] paths = [$"/api/citations/{citation}/warc", $"/api/documents/{document.GetProperty("id").GetInt64()}/warc", "/api/export/warc?since=2000-01-01"];
        var gets = new Dictionary<string, HttpResponseMessage>();
        foreach (var path in paths)
        {
            gets[path] = await Client.GetAsync(path);
            Assert.NotEmpty(await gets[path].Content.ReadAsByteArrayAsync());
        }

        // Every archived body gone: an export can no longer be made, and HEAD must not need one.
        await using (var connection = new SqliteConnection($"Data Source={Factory.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "ALTER TABLE bodies RENAME TO bodies_gone";
            await drop.ExecuteNonQueryAsync();
        }

        foreach (var path in paths)
        {
            using var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            Assert.False(head.Content.Headers.NonValidated.Contains("Content-Length"), $"{path}: HEAD gave a length");
            Assert.Equal(gets[path].Content.Headers.ContentType, head.Content.Headers.ContentType);
            Assert.Equal(gets[path].Content.Headers.ContentDisposition, head.Content.Headers.ContentDisposition);
            Assert.Equal(HeaderNames(gets[path]), HeaderNames(head));
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => Client.GetByteArrayAsync(path));
        }
    }

    [Fact]
    public async Task HeadOfAWarcExport_OfAnUnknownIdOrABadRange_IsTheGetsProblem()
    {
        foreach (var path in new[] { "/api/citations/999/warc", "/api/documents/999/warc", "/api/export/warc?since=yesterday", "/api/citations/0/warc" })
        {
            using var get = await Client.GetAsync(path);
            var body = await get.Content.ReadAsByteArrayAsync();
            using var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

            Assert.True(get.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path}: GET {(int)get.StatusCode}");
            Assert.Equal(get.StatusCode, head.StatusCode);
            Assert.Equal("application/problem+json", head.Content.Headers.ContentType?.MediaType);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
            Assert.Equal(HeaderNames(get), HeaderNames(head));
            Assert.InRange(head.Content.Headers.ContentLength ?? -1, body.Length - TimeStampSlack, body.Length + TimeStampSlack);
        }
    }

    [Fact]
    public async Task HeadOfAWriteOnlyPath_IsStillMethodNotAllowed()
    {
        using var head = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/backups"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, head.StatusCode);
        Assert.Equal("POST", string.Join(", ", head.Content.Headers.Allow));
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The header names of an answer, but those that depend on how its body is sent.</summary>
    private static List<string> HeaderNames(HttpResponseMessage response) =>
        response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
            .Select(header => header.Key.ToLowerInvariant())
            .Where(name => name is not ("date" or "content-length" or "transfer-encoding"))
            .Order(StringComparer.Ordinal)
            .ToList();

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
