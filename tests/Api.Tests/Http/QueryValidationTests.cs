using System.Net;
using System.Net.Http.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Http;

/// <summary>
/// Every query parameter of every GET endpoint in the OpenAPI document, given values it must refuse: each is a 400
/// problem naming the parameter. A parameter missing from the table fails the test, so a new one cannot slip in
/// unvalidated.
/// </summary>
public sealed class QueryValidationTests : ApiTest
{
    /// <summary>Bad values per parameter name; an empty list marks free text (any value is a valid search).</summary>
    private static readonly Dictionary<string, string[]> BadValues = new(StringComparer.Ordinal)
    {
        ["page"] = ["0", "-1", "abc", "1.5", "99999999999"],
        ["pageSize"] = ["0", "-5", "501", "many"],
        ["health"] = ["sickly", "half"],
        ["status"] = ["fine", "404"],
        ["kind"] = ["bogus"],
        ["documentId"] = ["0", "-3", "x", "1e3"],
        ["changedSince"] = ["yesterday", "2026-13-45", "31/01/2026x"],
        ["since"] = ["yesterday", "2026-02-30"],
        ["until"] = ["tomorrow", "2026-00-01"],
        ["at"] = ["later", "2026-02-30"],
        ["snapshotId"] = ["0", "-2", "x"],
        ["minWords"] = ["-1", "lots"],
        ["limit"] = ["0", "-1", "all"],
        // One label: 1 to 40 characters, no control characters, no commas (so two labels are not one).
        ["label"] = [new string('l', 41), "a\u0001b", "urgent,ministry", "   "],
        ["paused"] = ["yes", "1", "paused"],
        ["retired"] = ["maybe", "0", "retired"],
        ["format"] = ["xml", "jsonl", "csv,json"],
        ["host"] = [],
        ["q"] = [],
        ["text"] = [],
    };

    [Fact]
    public async Task EveryQueryParameterOfEveryRead_RefusesBadValuesNamingTheField()
    {
        await SeedAsync();
        var endpoints = await ReadEndpointsAsync();
        Assert.NotEmpty(endpoints);
        var checkedParameters = 0;

        foreach (var (path, parameters) in endpoints)
        {
            foreach (var parameter in parameters)
            {
                Assert.True(BadValues.TryGetValue(parameter, out var values), $"{path}: add '{parameter}' to the table of bad values");
                foreach (var value in values)
                {
                    var url = $"{path}?{parameter}={Uri.EscapeDataString(value)}";
                    var response = await Client.GetAsync(url);

                    Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url} answered {(int)response.StatusCode}, not 400");
                    await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, parameter);
                    checkedParameters++;
                }
            }
        }

        Assert.True(checkedParameters > 40, $"only {checkedParameters} bad values were tried");
    }

    [Fact]
    public async Task FreeTextParameters_TakeHostileTextWithoutFailing()
    {
        await SeedAsync();
        var hostile = "' OR 1=1; -- %_\\ <script>ä€\u0000";

        foreach (var (path, parameters) in await ReadEndpointsAsync())
        {
            foreach (var parameter in parameters.Where(p => BadValues[p].Length == 0))
            {
                var response = await Client.GetAsync($"{path}?{parameter}={Uri.EscapeDataString(hostile)}");

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
    }

    [Theory]
    [InlineData("/api/citations/abc")]
    [InlineData("/api/citations/abc/checks")]
    [InlineData("/api/documents/1.5")]
    [InlineData("/api/snapshots/99999999999999999999")]
    [InlineData("/api/changes/x/diff.html")]
    [InlineData("/api/citations/0")]
    [InlineData("/api/citations/-5")]
    [InlineData("/api/documents/0/report.csv")]
    [InlineData("/api/snapshots/-1/raw")]
    [InlineData("/api/citations/%2B%2B1/warc")]
    public async Task MalformedId_IsBadRequestNamingIt(string url)
    {
        var response = await Client.GetAsync(url);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "id");
    }

    [Theory]
    [InlineData("PATCH", "/api/citations/0")]
    [InlineData("POST", "/api/citations/abc/check")]
    public async Task MalformedIdOfAWrite_IsBadRequestNamingItToo(string method, string url)
    {
        var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = JsonContent.Create(new { quote = "x" }),
        });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "id");
    }

    [Fact]
    public async Task WellFormedIdOfNothing_IsStillNotFound() =>
        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/api/citations/987654"), HttpStatusCode.NotFound);

    [Theory]
    [InlineData("sourceUrl", "ftp://example.org/report.pdf")]
    [InlineData("sourceUrl", "http://user:secret@example.org/report.pdf")]
    [InlineData("publishedAt", "the nineteenth")]
    public async Task MalformedFieldOfADocument_IsBadRequestNamingItAndNothingIsStored(string field, string value)
    {
        var body = new Dictionary<string, string> { ["title"] = "Report", ["text"] = "See https://www.gob.mx/informe.", [field] = value };

        await ProblemAssert.IsProblemAsync(await Client.PostJsonAsync("/api/documents", body), HttpStatusCode.BadRequest, field);
        Assert.Equal(0, (await (await Client.GetAsync("/api/documents")).ReadJsonAsync()).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("ftp://example.org/x")]
    [InlineData("javascript:alert(1)")]
    [InlineData("not a url")]
    [InlineData("http://user:secret@example.org/")]
    public async Task MalformedCitationUrl_IsBadRequestNamingUrl(string url) =>
        await ProblemAssert.IsProblemAsync(await Client.PostJsonAsync("/api/citations", new { url }), HttpStatusCode.BadRequest, "url");

    /// <summary>One document with one citation, so every path with an id names something that exists.</summary>
    private async Task SeedAsync() =>
        Assert.Equal(HttpStatusCode.Created, (await Client.PostJsonAsync("/api/documents", new { title = "Seed", text = "See https://www.gob.mx/informe." })).StatusCode);

    /// <summary>GET paths of the OpenAPI document (ids filled with 1) and their query parameters.</summary>
    private async Task<List<(string Path, List<string> Parameters)>> ReadEndpointsAsync()
    {
        var document = await (await Client.GetAsync("/openapi/v1.json")).ReadJsonAsync();
        var endpoints = new List<(string, List<string>)>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (!path.Value.TryGetProperty("get", out var get) || !get.TryGetProperty("parameters", out var parameters))
            {
                continue;
            }

            var query = parameters.EnumerateArray()
                .Where(p => p.GetProperty("in").GetString() == "query")
                .Select(p => p.GetProperty("name").GetString()!)
                .ToList();
            if (query.Count > 0)
            {
                endpoints.Add((path.Name.Replace("{id}", "1", StringComparison.Ordinal), query));
            }
        }

        return endpoints;
    }
}
