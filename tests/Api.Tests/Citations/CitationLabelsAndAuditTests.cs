using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Citations;

/// <summary>Labels and the audit of every edit, through the API with the scheduler running.</summary>
public sealed class CitationLabelsAndAuditTests : SchedulerApiTest
{
    [OnBothDatabases]
    public async Task Labels_AreTrimmedLowerCasedAndDistinct_FilterTheList_AndAreClearedWithNull()
    {
        var labelled = await WatchAsync("/labelled");
        var other = await WatchAsync("/unlabelled");

        var patched = await PatchAsync($"/api/citations/{labelled}", new { labels = new[] { " Urgent ", "ministry", "urgent", "Año 2020" } });

        Assert.Equal(["año 2020", "ministry", "urgent"], patched.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Empty((await GetAsync($"/api/citations/{other}")).GetProperty("labels").EnumerateArray());
        Assert.Equal([labelled], await IdsAsync("/api/citations?label=URGENT"));
        Assert.Equal([labelled], await IdsAsync($"/api/citations?label={Uri.EscapeDataString(" año 2020 ")}"));
        Assert.Empty(await IdsAsync("/api/citations?label=court"));
        Assert.Equal([other, labelled], await IdsAsync("/api/citations"));

        // Too many, too long, not text: refused, and the labels stay.
        await ProblemAssert.IsProblemAsync(
            await Client.PatchAsync($"/api/citations/{labelled}", JsonContent.Create(new { labels = Enumerable.Range(0, 21).Select(n => $"l{n}") })),
            HttpStatusCode.BadRequest, "labels");
        await ProblemAssert.IsProblemAsync(
            await Client.PatchAsync($"/api/citations/{labelled}", JsonContent.Create(new { labels = new[] { new string('x', 41) } })),
            HttpStatusCode.BadRequest, "labels");
        await ProblemAssert.IsProblemAsync(
            await Client.PatchAsync($"/api/citations/{labelled}", JsonContent.Create(new { labels = new[] { "a,b" } })),
            HttpStatusCode.BadRequest, "labels");
        Assert.Equal(3, (await GetAsync($"/api/citations/{labelled}")).GetProperty("labels").GetArrayLength());

        // The same labels again change nothing; null clears them. Labels and a pause in one request: both audited.
        await PatchAsync($"/api/citations/{labelled}", new { labels = new[] { "urgent", "MINISTRY", "año 2020" } });
        var cleared = await PatchAsync($"/api/citations/{labelled}", new { labels = (string[]?)null, paused = true });
        Assert.Empty(cleared.GetProperty("labels").EnumerateArray());
        Assert.Empty(await IdsAsync("/api/citations?label=urgent"));
        Assert.Equal(
            [("labels", "[]", "[año 2020,ministry,urgent]"), ("paused", "false", "true"), ("labels", "[año 2020,ministry,urgent]", "[]")],
            (await AuditAsync(labelled)).Select(a => (a.Field, a.Before, a.After)).Reverse());
    }

    [OnBothDatabases]
    public async Task EditsOfPassageAndAccessDate_AreAuditedOnTheCitation_NamingTheDocument()
    {
        var document = await (await Client.PostJsonAsync("/api/documents", new { title = "Report", text = $"As recorded ({Site.Url("/quoted")})." })).ReadJsonAsync();
        var documentId = document.GetProperty("id").GetInt64();
        var id = document.GetProperty("citations")[0].GetProperty("id").GetInt64();

        await PatchAsync($"/api/documents/{documentId}/citations/{id}", new { quote = "forty cases of arbitrary detention", accessedAt = "2021-01-31" });
        await PatchAsync($"/api/citations/{id}", new { quote = "forty cases", accessedAt = (string?)null });

        var audit = (await GetAsync($"/api/citations/{id}/audit")).GetProperty("items").EnumerateArray().Reverse().ToList();
        Assert.Equal(["quote", "accessedAt", "quote", "accessedAt"], audit.Select(a => a.GetProperty("field").GetString()));
        Assert.All(audit, a => Assert.Equal(documentId, a.GetProperty("documentId").GetInt64()));
        Assert.All(audit, a => Assert.Equal("local", a.GetProperty("keyName").GetString()));
        Assert.Equal(JsonValueKind.Null, audit[0].GetProperty("before").ValueKind);
        Assert.Equal("forty cases of arbitrary detention", audit[0].GetProperty("after").GetString());
        Assert.Equal(new DateTimeOffset(2021, 1, 31, 0, 0, 0, TimeSpan.Zero), audit[1].GetProperty("after").GetDateTimeOffset());
        Assert.Equal("forty cases of arbitrary detention", audit[2].GetProperty("before").GetString());
        Assert.Equal("forty cases", audit[2].GetProperty("after").GetString());
        Assert.Equal(JsonValueKind.Null, audit[3].GetProperty("after").ValueKind);
        Assert.True(audit[0].GetProperty("at").GetDateTimeOffset() <= audit[3].GetProperty("at").GetDateTimeOffset());

        // Newest first, paged.
        var page = await GetAsync($"/api/citations/{id}/audit?pageSize=1&page=2");
        Assert.Equal((4, "quote"), (page.GetProperty("total").GetInt32(), page.GetProperty("items")[0].GetProperty("field").GetString()));
        await ProblemAssert.IsProblemAsync(await Client.GetAsync("/api/citations/987654/audit"), HttpStatusCode.NotFound);
    }
}
