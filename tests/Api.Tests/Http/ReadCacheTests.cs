using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Http;

/// <summary>
/// The reads a dashboard polls, over real Kestrel on a real SQLite file: an ETag on each, 304 for a client that holds
/// the answer, a fresh answer after any write, gzip for clients that accept it, and errors that stay problems.
/// </summary>
public sealed class ReadCacheTests : ApiTest
{
    private TestSite _site = null!;

    public override async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        Client = new HttpClient { BaseAddress = StartOnKestrel() };
    }

    public override async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task EachPolledRead_HasAnETag_And304ForAClientThatHoldsIt()
    {
        var (document, citation) = await SeedAsync();

        foreach (var path in PolledReads(document, citation))
        {
            using var first = await Client.GetAsync(path);
            var body = await first.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var etag = first.Headers.ETag;
            Assert.NotNull(etag);
            Assert.False(etag.IsWeak);
            Assert.True(first.Headers.CacheControl?.NoCache, $"{path}: no Cache-Control: no-cache");

            using var again = await GetAsync(path, ifNoneMatch: etag.Tag);
            Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
            Assert.Empty(await again.Content.ReadAsByteArrayAsync());
            Assert.Equal(etag, again.Headers.ETag);

            using var other = await GetAsync(path, ifNoneMatch: "\"another\"");
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.Equal(body, await other.Content.ReadAsStringAsync());
            Assert.Equal(etag, other.Headers.ETag);
        }
    }

    [Fact]
    public async Task AWriteThroughTheApi_GivesEveryPolledReadThatShowsItANewAnswer()
    {
        var (document, citation) = await SeedAsync();
        var before = new Dictionary<string, (string Body, EntityTagHeaderValue ETag)>();
        foreach (var path in PolledReads(document, citation))
        {
            using var response = await Client.GetAsync(path);
            before[path] = (await response.Content.ReadAsStringAsync(), response.Headers.ETag!);
        }

        // A source watched on its own, never checked: it joins the lists of citations and the summary, and the report is
        // made again (with the time it was made); the checks and changes read the same as before.
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/citations", new { url = _site.Url("/nueva") })).StatusCode);

        string[] shown = ["/api/citations", "/api/citations?health=unknown", "/api/summary", $"/api/documents/{document}/report"];
        foreach (var path in PolledReads(document, citation))
        {
            using var response = await GetAsync(path, ifNoneMatch: before[path].ETag.Tag);
            if (shown.Contains(path))
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} after the write");
                Assert.NotEqual(before[path].ETag, response.Headers.ETag);
                Assert.NotEqual(before[path].Body, await response.Content.ReadAsStringAsync());
            }
            else
            {
                // Made again after the write, to the same bytes: the client's copy still holds.
                Assert.True(response.StatusCode == HttpStatusCode.NotModified, $"{path}: {(int)response.StatusCode} for an unchanged answer");
            }
        }

        var list = await (await Client.GetAsync("/api/citations")).ReadJsonAsync();
        Assert.Equal(3, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ACheck_MakesTheCheckListFresh()
    {
        var (_, citation) = await SeedAsync();
        var path = $"/api/citations/{citation}/checks";
        using var empty = await Client.GetAsync(path);
        Assert.Equal(0, (await empty.ReadJsonAsync()).GetProperty("total").GetInt32());

        // The loopback site answers: the check is recorded.
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/citations/{citation}/check", null)).StatusCode);

        using var after = await GetAsync(path, ifNoneMatch: empty.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, (await after.ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AClientThatAcceptsGzip_GetsTheSameAnswerGzipped_UnderATagOfItsOwn()
    {
        var (document, _) = await SeedAsync();
        var path = $"/api/documents/{document}/report";
        using var plain = await Client.GetAsync(path);
        var plainBody = await plain.Content.ReadAsByteArrayAsync();

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd("gzip, deflate");
        using var zipped = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, zipped.StatusCode);
        Assert.Equal(["gzip"], zipped.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", zipped.Headers.Vary);
        Assert.Contains("Accept-Encoding", plain.Headers.Vary);
        var compressed = await zipped.Content.ReadAsByteArrayAsync();
        Assert.True(compressed.Length < plainBody.Length);
        Assert.Equal(plainBody, Gunzip(compressed));
        Assert.NotEqual(plain.Headers.ETag, zipped.Headers.ETag);

        // Either tag names the same answer: a client holding the plain one is not sent the gzipped one.
        using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
        conditional.Headers.AcceptEncoding.ParseAdd("gzip");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", plain.Headers.ETag!.Tag);
        using var notModified = await Client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(zipped.Headers.ETag, notModified.Headers.ETag);

        // A small answer is sent as it is.
        using var small = new HttpRequestMessage(HttpMethod.Get, "/api/changes?since=2020-01-01T00:00:00Z");
        small.Headers.AcceptEncoding.ParseAdd("gzip");
        using var smallAnswer = await Client.SendAsync(small);
        Assert.Empty(smallAnswer.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Errors_StayProblems_WithoutETag_WhateverTheClientHolds()
    {
        await SeedAsync();

        using var unknown = await GetAsync("/api/citations/999999/checks", ifNoneMatch: "*");
        await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.Null(unknown.Headers.ETag);

        using var bad = await GetAsync("/api/citations?health=sparkling", ifNoneMatch: "*");
        await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest, "health");
        Assert.Null(bad.Headers.ETag);

        using var badSince = await Client.GetAsync("/api/changes?since=yesterday");
        await ProblemAssert.IsProblemAsync(badSince, HttpStatusCode.BadRequest, "since");

        using var missing = await Client.GetAsync("/api/documents/999999/report");
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ManyClientsAtOnce_GetTheSameAnswer()
    {
        var (document, _) = await SeedAsync();
        var path = $"/api/documents/{document}/report";

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            using var response = await Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (response.Headers.ETag!.Tag, await response.Content.ReadAsStringAsync());
        }));

        Assert.Single(answers.Distinct());
    }

    /// <summary>A document citing two sources; returns its id and its first citation's.</summary>
    private async Task<(long Document, long Citation)> SeedAsync()
    {
        using var created = await Client.PostJsonAsync("/api/documents", new
        {
            title = "Informe",
            text = $"Según la Secretaría ({_site.Url("/press/statement")}) y la CIDH ({_site.Url("/missing")}), la situación persiste.",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var document = await created.ReadJsonAsync();
        return (document.GetProperty("id").GetInt64(), document.GetProperty("citations")[0].GetProperty("id").GetInt64());
    }

    private static string[] PolledReads(long document, long citation) =>
    [
        "/api/citations",
        "/api/citations?health=unknown",
        $"/api/citations/{citation}/checks",
        "/api/summary",
        "/api/changes?since=2020-01-01T00:00:00Z",
        $"/api/documents/{document}/report",
    ];

    private async Task<HttpResponseMessage> GetAsync(string path, string ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await Client.SendAsync(request);
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gzip.CopyTo(plain);
        return plain.ToArray();
    }
}
