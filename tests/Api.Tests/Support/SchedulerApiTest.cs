using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Support;

/// <summary>
/// An <see cref="ApiTest"/> with the scheduler running (a poll every 100 ms, every source due each second) and a
/// <see cref="CountingSite"/> to watch, so that a test reads which sources the scheduler still checks.
/// </summary>
public abstract class SchedulerApiTest(IDictionary<string, string?>? settings = null) : ApiTest(With(settings))
{
    /// <summary>Long enough for a source due every second to be checked at least twice.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2.5);

    protected CountingSite Site { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Site = await CountingSite.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        // The scheduler first, so that it asks the site nothing once the site is gone.
        await base.DisposeAsync();
        await Site.DisposeAsync();
    }

    private static Dictionary<string, string?> With(IDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Monitor:Worker:Enabled"] = "true",
            ["Monitor:Worker:PollInterval"] = "00:00:00.100",
            ["Monitor:Worker:CheckInterval"] = "00:00:01",
            ["Monitor:RateLimit:WritesPerMinute"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }

    protected async Task<long> WatchAsync(string path)
    {
        var response = await Client.PostJsonAsync("/api/citations", new { url = Site.Url(path) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    protected async Task<JsonElement> PatchAsync(string path, object body)
    {
        var response = await Client.PatchAsync(path, JsonContent.Create(body));
        var json = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PATCH {path} answered {(int)response.StatusCode}: {json}");
        return json;
    }

    protected async Task<JsonElement> GetAsync(string path) => await (await Client.GetAsync(path)).ReadJsonAsync();

    protected async Task<List<long>> IdsAsync(string path) =>
        [.. (await GetAsync(path)).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetInt64())];

    /// <summary>The audit of a citation, newest first, each value written plainly: <c>true</c>, <c>null</c>, <c>7.00:00:00</c>, <c>[a,b]</c>.</summary>
    protected async Task<List<(string Field, string Before, string After)>> AuditAsync(long id) =>
        [.. (await GetAsync($"/api/citations/{id}/audit")).GetProperty("items").EnumerateArray()
            .Select(a => (a.GetProperty("field").GetString()!, Plain(a.GetProperty("before")), Plain(a.GetProperty("after"))))];

    protected static string Plain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => "[" + string.Join(",", value.EnumerateArray().Select(Plain)) + "]",
        _ => value.GetRawText(),
    };

    protected async Task WaitForHitsAsync(string path, int hits) =>
        Assert.True(
            await Eventually.TrueWithinAsync(() => Task.FromResult(Site.Hits(path) >= hits), TimeSpan.FromSeconds(15)),
            $"{path} was requested {Site.Hits(path)} times, not {hits}");

    /// <summary>
    /// The scheduler asks nothing more of <paramref name="path"/> for a while (after a check in flight has ended),
    /// while it still checks <paramref name="whileStillChecked"/>.
    /// </summary>
    protected async Task AssertQuietAsync(string path, string? whileStillChecked = null)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var hits = Site.Hits(path);
        var others = whileStillChecked is null ? 0 : Site.Hits(whileStillChecked);
        await Task.Delay(Quiet);

        Assert.Equal(hits, Site.Hits(path));
        if (whileStillChecked is not null)
        {
            Assert.True(Site.Hits(whileStillChecked) >= others + 2, $"the scheduler stopped checking {whileStillChecked} too");
        }
    }
}
