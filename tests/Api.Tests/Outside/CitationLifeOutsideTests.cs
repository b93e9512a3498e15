using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Http;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Api.Tests.Outside;

/// <summary>
/// A citation's life through the API while the scheduler runs (a poll every 100 ms, every source due each second):
/// paused and resumed, re-timed within bounds, labelled and found by label, retired without losing its evidence,
/// brought back, and every edit in its audit.
/// </summary>
public sealed class CitationLifeOutsideTests() : OutsideApiTest(new Dictionary<string, string?>
{
    ["Monitor:Worker:Enabled"] = "true",
    ["Monitor:Worker:PollInterval"] = "00:00:00.100",
    ["Monitor:Worker:CheckInterval"] = "00:00:01",
    ["Monitor:RateLimit:WritesPerMinute"] = "100000",
})
{
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private LoopbackServer _site = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _site = await LoopbackServer.StartAsync(app =>
        {
            app.Use((context, next) =>
            {
                _hits.AddOrUpdate(context.Request.Path.Value!, 1, (_, n) => n + 1);
                return next(context);
            });
            app.MapGet("/despacio", async () =>
            {
                await Task.Delay(800);
                return Results.Content("<!doctype html><html><head><title>Despacio</title></head><body><main><p>Una fuente que tarda en responder, siempre igual.</p></main></body></html>", "text/html; charset=utf-8");
            });
            app.MapGet("/{name}", (string name) => Results.Content(
                $"<!doctype html><html><head><title>Fuente {name}</title></head><body><main><h1>Fuente {name}</h1>"
                + $"<p>La comisión documentó cuarenta casos de detención arbitraria, según la fuente {name}.</p></main></body></html>",
                "text/html; charset=utf-8"));
        });
    }

    public override async Task DisposeAsync()
    {
        // The scheduler stops first, so that it asks the site nothing once the site is gone.
        await base.DisposeAsync();
        await _site.DisposeAsync();
    }

    [Fact]
    public async Task APausedSource_IsLeftAloneByTheScheduler_UntilResumed()
    {
        var paused = await WatchAsync("/pausada");
        await WatchAsync("/activa");
        await WaitForHitsAsync("/pausada", 1);

        var answer = await PatchJsonAsync($"/api/citations/{paused}", new { paused = true });
        Assert.True(answer.GetProperty("paused").GetBoolean());
        Assert.Equal([paused], await IdsAsync("/api/citations?paused=true"));
        await AssertQuietAsync("/pausada", whileStillChecked: "/activa");

        var before = Hits("/pausada");
        Assert.False((await PatchJsonAsync($"/api/citations/{paused}", new { paused = false })).GetProperty("paused").GetBoolean());
        await WaitForHitsAsync("/pausada", before + 1);
        Assert.Empty(await IdsAsync("/api/citations?paused=true"));
    }

    [Theory]
    [InlineData("00:59:59")]
    [InlineData("365.00:00:01")]
    [InlineData("400.00:00:00")]
    [InlineData("00:00:00")]
    [InlineData("-01:00:00")]
    [InlineData("una semana")]
    public async Task ACheckIntervalOutOfBounds_Is400NamingIt_AndChangesNothing(string interval)
    {
        var id = await WatchAsync("/intervalo");

        var response = await Client.PatchAsync($"/api/citations/{id}", System.Net.Http.Json.JsonContent.Create(new { checkInterval = interval }));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "checkInterval");
        Assert.Equal(JsonValueKind.Null, (await GetJsonAsync($"/api/citations/{id}")).GetProperty("checkInterval").ValueKind);
        Assert.Empty((await GetJsonAsync($"/api/citations/{id}/audit")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ACheckIntervalOfItsOwn_FromAnHourTo365Days_SpacesItsChecks()
    {
        var slow = await WatchAsync("/lenta");
        await WatchAsync("/rapida");
        await WaitForCheckedAsync(slow);

        Assert.Equal("365.00:00:00", (await PatchJsonAsync($"/api/citations/{slow}", new { checkInterval = "365.00:00:00" })).GetProperty("checkInterval").GetString());
        var hourly = await PatchJsonAsync($"/api/citations/{slow}", new { checkInterval = "01:00:00" });
        Assert.Equal("01:00:00", hourly.GetProperty("checkInterval").GetString());
        await AssertQuietAsync("/lenta", whileStillChecked: "/rapida");

        var configured = await PatchJsonAsync($"/api/citations/{slow}", new { checkInterval = (string?)null });
        Assert.Equal(JsonValueKind.Null, configured.GetProperty("checkInterval").ValueKind);
        var before = Hits("/lenta");
        await WaitForHitsAsync("/lenta", before + 1);
    }

    [Fact]
    public async Task AnIntervalSetWhileACheckIsInFlight_IsTheOneTheNextCheckIsScheduledBy()
    {
        var slow = await WatchAsync("/despacio");
        await WatchAsync("/rapida");
        await WaitForHitsAsync("/despacio", 1);
        await WaitForCheckedAsync(slow);
        var hits = Hits("/despacio");
        await WaitForHitsAsync("/despacio", hits + 1);

        // The page answers after 800 ms: this check is in flight while the interval changes.
        await PatchJsonAsync($"/api/citations/{slow}", new { checkInterval = "01:00:00" });

        await AssertQuietAsync("/despacio", whileStillChecked: "/rapida");
    }

    [Fact]
    public async Task Labels_AreStoredLowerCaseInOrder_AndFoundByLabelInAnyCase()
    {
        var tagged = await WatchAsync("/etiquetada");
        await WatchAsync("/otra");

        var answer = await PatchJsonAsync($"/api/citations/{tagged}", new { labels = new[] { "Urgente", " Frontera Sur " } });

        Assert.Equal(["frontera sur", "urgente"], answer.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal([tagged], await IdsAsync("/api/citations?label=URGENTE"));
        Assert.Equal([tagged], await IdsAsync("/api/citations?label=frontera%20sur"));
        Assert.Empty(await IdsAsync("/api/citations?label=guatemala"));

        Assert.Empty((await PatchJsonAsync($"/api/citations/{tagged}", new { labels = (string[]?)null })).GetProperty("labels").EnumerateArray());
        Assert.Empty(await IdsAsync("/api/citations?label=urgente"));
    }

    [Fact]
    public async Task LabelsTooLongWithACommaOrTooMany_Are400NamingLabels_AndChangeNothing()
    {
        var id = await WatchAsync("/etiquetas");
        await PatchJsonAsync($"/api/citations/{id}", new { labels = new[] { "vigente" } });
        object[] bad =
        [
            new { labels = new[] { new string('a', 41) } },
            new { labels = new[] { "frontera, sur" } },
            new { labels = new[] { "" } },
            new { labels = Enumerable.Range(1, 21).Select(i => $"etiqueta-{i}").ToArray() },
        ];

        foreach (var body in bad)
        {
            await ProblemAssert.IsProblemAsync(await Client.PatchAsync($"/api/citations/{id}", System.Net.Http.Json.JsonContent.Create(body)), HttpStatusCode.BadRequest, "labels");
        }

        Assert.Equal(["vigente"], (await GetJsonAsync($"/api/citations/{id}")).GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task ARetiredSource_IsNoLongerChecked_HiddenFromLists_ButReadableWithAllItsEvidence()
    {
        var retired = await WatchAsync("/retirada");
        var other = await WatchAsync("/vigente");
        await WaitForHitsAsync("/retirada", 2);

        var response = await Client.DeleteAsync($"/api/citations/{retired}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await AssertQuietAsync("/retirada", whileStillChecked: "/vigente");
        Assert.Equal([other], await IdsAsync("/api/citations"));
        Assert.Equal([retired], await IdsAsync("/api/citations?retired=true"));
        var citation = await GetJsonAsync($"/api/citations/{retired}");
        Assert.True(citation.GetProperty("retired").GetBoolean());
        Assert.NotNull(Time(citation, "retiredAt"));
        var checks = (await GetJsonAsync($"/api/citations/{retired}/checks")).GetProperty("total").GetInt32();
        var snapshots = (await GetJsonAsync($"/api/citations/{retired}/snapshots")).GetProperty("total").GetInt32();
        Assert.True(checks >= 2, $"{checks} checks kept");
        Assert.True(snapshots >= 1, $"{snapshots} snapshots kept");
        Assert.Equal(checks, citation.GetProperty("checkCount").GetInt32());
        var snapshot = (await GetJsonAsync($"/api/citations/{retired}/snapshots")).GetProperty("items")[0].GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/snapshots/{snapshot}/raw")).StatusCode);
        await ProblemAssert.IsProblemAsync(await Client.PostAsync($"/api/citations/{retired}/check", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task ARetiredUrlPostedAgain_ComesBackAndSaysSo_WithItsSettingsAsTheyWere()
    {
        var id = await WatchAsync("/vuelve");
        await PatchJsonAsync($"/api/citations/{id}", new { labels = new[] { "archivo" }, paused = true });
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/citations/{id}")).StatusCode);

        var again = await PostJsonAsync("/api/citations", new { url = _site.Url("/vuelve") }, HttpStatusCode.OK);

        Assert.Equal(id, again.GetProperty("id").GetInt64());
        Assert.True(again.GetProperty("restored").GetBoolean());
        Assert.False(again.GetProperty("retired").GetBoolean());
        Assert.True(again.GetProperty("paused").GetBoolean());
        Assert.Equal(["archivo"], again.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal([id], await IdsAsync("/api/citations"));
        Assert.False((await GetJsonAsync($"/api/citations/{id}")).TryGetProperty("restored", out _));
    }

    [Fact]
    public async Task ARetiredSourceCitedByANewDocument_ComesBack_AndTheAuditNamesTheDocument()
    {
        var id = await WatchAsync("/citada");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/citations/{id}")).StatusCode);

        var document = await PostJsonAsync("/api/documents", new { title = "Nueva nota", text = $"Como dijo la fuente ({_site.Url("/citada")}), hay cuarenta casos." }, HttpStatusCode.Created);

        Assert.Equal(id, Assert.Single(Places(document)).GetProperty("id").GetInt64());
        Assert.False((await GetJsonAsync($"/api/citations/{id}")).GetProperty("retired").GetBoolean());
        var back = (await GetJsonAsync($"/api/citations/{id}/audit")).GetProperty("items")[0];
        Assert.Equal(("retired", "true", "false"), (back.GetProperty("field").GetString(), back.GetProperty("before").GetRawText(), back.GetProperty("after").GetRawText()));
        Assert.Equal(document.GetProperty("id").GetInt64(), back.GetProperty("documentId").GetInt64());
    }

    [Fact]
    public async Task PatchingRetiredFalse_BringsASourceBack_AndRetiredTrueIsRefused()
    {
        var id = await WatchAsync("/parche");
        await ProblemAssert.IsProblemAsync(
            await Client.PatchAsync($"/api/citations/{id}", System.Net.Http.Json.JsonContent.Create(new { retired = true })),
            HttpStatusCode.BadRequest,
            "retired");
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/citations/{id}")).StatusCode);

        var back = await PatchJsonAsync($"/api/citations/{id}", new { retired = false });

        Assert.False(back.GetProperty("retired").GetBoolean());
        Assert.Equal(JsonValueKind.Null, back.GetProperty("retiredAt").ValueKind);
        var before = Hits("/parche");
        await WaitForHitsAsync("/parche", before + 1);
    }

    [Fact]
    public async Task EveryEdit_IsInTheAudit_WithTimeKeyAndValuesBeforeAndAfter_NewestFirst()
    {
        var id = await WatchAsync("/auditada");

        await PatchJsonAsync($"/api/citations/{id}", new { paused = true });
        await PatchJsonAsync($"/api/citations/{id}", new { labels = new[] { "Urgente" } });
        await PatchJsonAsync($"/api/citations/{id}", new { checkInterval = "7.00:00:00" });
        await PatchJsonAsync($"/api/citations/{id}", new { paused = true });
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/citations/{id}")).StatusCode);
        await PatchJsonAsync($"/api/citations/{id}", new { retired = false });

        var audit = (await GetJsonAsync($"/api/citations/{id}/audit")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            [
                ("retired", "true", "false"),
                ("retired", "false", "true"),
                ("checkInterval", "null", "\"7.00:00:00\""),
                ("labels", "[]", "[\"urgente\"]"),
                ("paused", "false", "true"),
            ],
            audit.Select(a => (a.GetProperty("field").GetString(), Compact(a.GetProperty("before")), Compact(a.GetProperty("after")))));
        Assert.All(audit, a => Assert.Equal("local", a.GetProperty("keyName").GetString()));
        Assert.All(audit, a => Assert.Equal(id, a.GetProperty("citationId").GetInt64()));
        var times = audit.Select(a => a.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }

    private static string Compact(JsonElement value) => JsonSerializer.Serialize(value);

    private int Hits(string path) => _hits.GetValueOrDefault(path);

    private async Task<long> WatchAsync(string path) =>
        (await PostJsonAsync("/api/citations", new { url = _site.Url(path) }, HttpStatusCode.Created)).GetProperty("id").GetInt64();

    private async Task<List<long>> IdsAsync(string path) =>
        [.. (await GetJsonAsync(path)).GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetInt64())];

    /// <summary>Waits until the source's first check is recorded (not only asked of the site).</summary>
    private async Task WaitForCheckedAsync(long id) =>
        Assert.True(
            await Eventually.TrueWithinAsync(
                async () => (await GetJsonAsync($"/api/citations/{id}")).GetProperty("lastCheckedAt").ValueKind != JsonValueKind.Null,
                TimeSpan.FromSeconds(15)),
            $"citation {id} was never checked");

    private async Task WaitForHitsAsync(string path, int hits) =>
        Assert.True(
            await Eventually.TrueWithinAsync(() => Task.FromResult(Hits(path) >= hits), TimeSpan.FromSeconds(15)),
            $"{path} was requested {Hits(path)} times, not {hits}");

    /// <summary>Nothing more is asked of <paramref name="path"/> for two seconds, while <paramref name="whileStillChecked"/> is checked again.</summary>
    private async Task AssertQuietAsync(string path, string whileStillChecked)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        var hits = Hits(path);
        var others = Hits(whileStillChecked);
        await Task.Delay(TimeSpan.FromSeconds(2.2));

        Assert.Equal(hits, Hits(path));
        Assert.True(Hits(whileStillChecked) >= others + 1, $"the scheduler stopped checking {whileStillChecked} too");
    }
}
