using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;

namespace CitationMonitor.Measurements.Tests.Hostile;

/// <summary>
/// The document of the outside attack round, against the real API as a child process: 5 MB of text that cites 2,000 URLs
/// over and over (about 50,000 occurrences). Posting it costs seconds, and afterwards every answer that shows it is
/// bounded by design (one place per source, at most three contexts, at most 500 places in the document's own answer, 20
/// in a list item, 20 documents under a citation), so 25 list reads and 10 document reads at once keep the process
/// well under 400 MB.
/// </summary>
public sealed class RepeatedUrlDocumentTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Sources = 2000;
    private const long PeakLimitBytes = 400L * 1024 * 1024;

    /// <summary>The largest answer each read may give here: 500 places of about 1.5 KB each, and a page of 20-place items.</summary>
    private const int MaxDocumentAnswerBytes = 1024 * 1024;
    private const int MaxListAnswerBytes = 256 * 1024;

    [Fact]
    public async Task AFiveMegabyteDocumentOfRepeatedUrls_PostsInSeconds_AndEveryReadOfItStaysSmall()
    {
        using var folder = new TestFolder();
        await using var api = ApiProcess.Start(
            $"--Monitor:DatabasePath={folder.DatabasePath}",
            "--Monitor:Worker:Enabled=false",
            "--Monitor:RateLimit:RequestsPerMinute=1000",
            "--Serilog:MinimumLevel:Default=Warning");
        Assert.True(await api.WaitStartedAsync(TimeSpan.FromSeconds(60)), "the API did not start:\n" + api.Output);
        using var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var posted = await client.PostAsJsonAsync("/api/documents", new { title = "Repeated", text = RepeatedText((5 * 1024 * 1024) - 100_000) });
        var postTime = clock.Elapsed;
        var postBody = await posted.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var document = JsonDocument.Parse(postBody).RootElement;
        var id = document.GetProperty("id").GetInt64();
        Assert.Equal(Sources, document.GetProperty("citationCount").GetInt32());
        Assert.Equal(500, document.GetProperty("citations").GetArrayLength());
        Assert.True(postBody.Length < MaxDocumentAnswerBytes, $"the answer to the post is {postBody.Length} bytes");
        var first = document.GetProperty("citations")[0];
        Assert.Equal(3, first.GetProperty("contexts").GetArrayLength());
        Assert.True(first.GetProperty("occurrences").GetInt32() > 20);

        var reads = Enumerable.Range(0, 25).Select(_ => ReadAsync(client, "/api/documents?pageSize=500", MaxListAnswerBytes))
            .Concat(Enumerable.Range(0, 10).Select(_ => ReadAsync(client, $"/api/documents/{id}", MaxDocumentAnswerBytes)));
        var sizes = await Task.WhenAll(reads);

        // The rest of its places, page by page; a citation's documents, bounded too.
        var lastPage = await client.GetFromJsonAsync<JsonElement>($"/api/documents/{id}/citations?page=4&pageSize=500");
        Assert.Equal(500, lastPage.GetProperty("items").GetArrayLength());
        Assert.Equal(Sources, lastPage.GetProperty("total").GetInt32());

        var peak = ProcessMemory.PeakWorkingSet(api.ProcessId);
        output.WriteLine($"post {postTime.TotalSeconds:0.0} s, {postBody.Length} bytes; reads {sizes.Min()}–{sizes.Max()} bytes; peak working set {peak / (1024 * 1024)} MB");
        Assert.True(postTime < TimeSpan.FromSeconds(30), $"posting took {postTime}");
        Assert.True(peak < PeakLimitBytes, $"peak working set {peak / (1024 * 1024)} MB");
    }

    /// <summary>
    /// The round's second document: 2,000 URLs each cited in three spellings (https, http, and bare with a tracking
    /// parameter), 210 KB. It took 12 s to post; now one source per URL, each place with its three occurrences, in well
    /// under the bound.
    /// </summary>
    [Fact]
    public async Task TwoThousandUrlsInThreeSpellings_PostAsTwoThousandSourcesInSeconds()
    {
        using var folder = new TestFolder();
        await using var api = ApiProcess.Start($"--Monitor:DatabasePath={folder.DatabasePath}", "--Monitor:Worker:Enabled=false", "--Serilog:MinimumLevel:Default=Warning");
        Assert.True(await api.WaitStartedAsync(TimeSpan.FromSeconds(60)), "the API did not start:\n" + api.Output);
        using var client = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        var text = string.Concat(Enumerable.Range(0, Sources).Select(n =>
            $"See https://www.gob.example/p/{n} and http://www.gob.example/p/{n} and www.gob.example/p/{n}?utm_source=x.\n"));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var posted = await client.PostAsJsonAsync("/api/documents", new { title = "Spellings", text });
        var postTime = clock.Elapsed;
        var body = await posted.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var document = JsonDocument.Parse(body).RootElement;
        Assert.Equal(Sources, document.GetProperty("citationCount").GetInt32());
        Assert.All(document.GetProperty("citations").EnumerateArray(), c => Assert.Equal(3, c.GetProperty("occurrences").GetInt32()));
        output.WriteLine($"post {postTime.TotalSeconds:0.00} s, {body.Length} bytes");
        Assert.True(body.Length < MaxDocumentAnswerBytes, $"the answer to the post is {body.Length} bytes");
        Assert.True(postTime < TimeSpan.FromSeconds(10), $"posting took {postTime}");
    }

    /// <summary>Reads an answer whole, asserting it is a success no larger than <paramref name="maxBytes"/>; its size.</summary>
    private static async Task<int> ReadAsync(HttpClient client, string path, int maxBytes)
    {
        using var answer = await client.GetAsync(path);
        var body = await answer.Content.ReadAsByteArrayAsync();
        Assert.True(answer.IsSuccessStatusCode, $"{path}: {(int)answer.StatusCode}");
        Assert.True(body.Length < maxBytes, $"{path}: {body.Length} bytes");
        return body.Length;
    }

    /// <summary>Paragraphs citing the 2,000 sources in turn, with tracking parameters, until the text is <paramref name="bytes"/> long.</summary>
    private static string RepeatedText(int bytes)
    {
        var text = new StringBuilder(bytes);
        for (var i = 0; ; i++)
        {
            var line = $"Paragraph {i}: as the ministry reported (https://www.gob.example/informe/{i % Sources}?utm_source=x{i}), the measures continued.\n";
            if (text.Length + line.Length > bytes)
            {
                return text.ToString();
            }

            text.Append(line);
        }
    }
}
