using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Citations;

/// <summary>Retired citations, through the API with the scheduler running: checked no more, left out of lists, everything they gathered kept, and brought back by PATCH or by posting their URL again.</summary>
public sealed class CitationRetirementTests : SchedulerApiTest
{
    [OnBothDatabases]
    public async Task RetiredCitation_IsCheckedNoMore_LeftOutOfLists_AndKeepsEveryCheckSnapshotAndChange()
    {
        var retired = await WatchAsync("/retired");
        var other = await WatchAsync("/other");
        await WaitForHitsAsync("/retired", 2);

        var delete = await Client.DeleteAsync($"/api/citations/{retired}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await AssertQuietAsync("/retired", whileStillChecked: "/other");

        // Still readable by id, with all it gathered.
        var citation = await GetAsync($"/api/citations/{retired}");
        Assert.True(citation.GetProperty("retired").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, citation.GetProperty("retiredAt").ValueKind);
        var checkCount = citation.GetProperty("checkCount").GetInt32();
        Assert.True(checkCount >= 2, $"{checkCount} checks");
        Assert.Equal(checkCount, (await GetAsync($"/api/citations/{retired}/checks")).GetProperty("total").GetInt32());
        var snapshots = await GetAsync($"/api/citations/{retired}/snapshots");
        Assert.Equal(citation.GetProperty("snapshotCount").GetInt32(), snapshots.GetProperty("total").GetInt32());
        var snapshotId = snapshots.GetProperty("items")[0].GetProperty("id").GetInt64();
        Assert.Contains("Page retired", await Client.GetStringAsync($"/api/snapshots/{snapshotId}/text"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/citations/{retired}/changes")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/citations/{retired}/warc")).StatusCode);

        // Left out of lists, unless asked for.
        Assert.Equal([other], await IdsAsync("/api/citations"));
        Assert.Equal([retired], await IdsAsync("/api/citations?retired=true"));
        Assert.Equal([other], await IdsAsync("/api/citations?retired=false"));
        Assert.Equal(1, (await GetAsync("/api/summary")).GetProperty("citations").GetInt32());

        // Not checked on demand either, and the answer says why.
        var check = await Client.PostAsync($"/api/citations/{retired}/check", null);
        await ProblemAssert.IsProblemAsync(check, HttpStatusCode.Conflict);
        Assert.Contains("retired", (await check.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Retiring it again changes nothing; the audit has the one retirement, by the local client.
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/citations/{retired}")).StatusCode);
        var entry = Assert.Single((await GetAsync($"/api/citations/{retired}/audit")).GetProperty("items").EnumerateArray());
        Assert.Equal(("retired", "local", false, true), (entry.GetProperty("field").GetString(), entry.GetProperty("keyName").GetString(), entry.GetProperty("before").GetBoolean(), entry.GetProperty("after").GetBoolean()));
        await ProblemAssert.IsProblemAsync(await Client.DeleteAsync("/api/citations/987654"), HttpStatusCode.NotFound);
    }

    [OnBothDatabases]
    public async Task RetiredCitation_BroughtBackByPatchOrByPostingItsUrl_IsCheckedAgainAndSaysSo()
    {
        var id = await WatchAsync("/back");
        await WaitForHitsAsync("/back", 1);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/citations/{id}")).StatusCode);
        await AssertQuietAsync("/back");

        // Posted again: the same citation, 200, back and saying so.
        var posted = await Client.PostJsonAsync("/api/citations", new { url = Site.Url("/back") });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        var back = await posted.ReadJsonAsync();
        Assert.Equal(id, back.GetProperty("id").GetInt64());
        Assert.False(back.GetProperty("retired").GetBoolean());
        Assert.True(back.GetProperty("restored").GetBoolean());
        var hits = Site.Hits("/back");
        await WaitForHitsAsync("/back", hits + 2);

        // Posted when not retired: no "restored" at all.
        Assert.False((await (await Client.PostJsonAsync("/api/citations", new { url = Site.Url("/back") })).ReadJsonAsync()).TryGetProperty("restored", out _));

        // Retired and brought back with PATCH.
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/citations/{id}")).StatusCode);
        await AssertQuietAsync("/back");
        var patched = await PatchAsync($"/api/citations/{id}", new { retired = false });
        Assert.False(patched.GetProperty("retired").GetBoolean());
        Assert.True(patched.GetProperty("nextCheckAt").GetDateTimeOffset() <= TimeProvider.System.GetUtcNow(), "a citation brought back is due at once");
        hits = Site.Hits("/back");
        await WaitForHitsAsync("/back", hits + 1);

        // Retiring through PATCH is refused, pointing at DELETE.
        var refused = await Client.PatchAsync($"/api/citations/{id}", JsonContent.Create(new { retired = true }));
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest, "retired");
        Assert.Contains("DELETE /api/citations/{id}", (await refused.ReadJsonAsync()).GetProperty("errors").GetProperty("retired")[0].GetString(), StringComparison.Ordinal);

        var audit = await AuditAsync(id);
        Assert.Equal(
            [("retired", "false", "true"), ("retired", "true", "false"), ("retired", "false", "true"), ("retired", "true", "false")],
            audit.Select(a => (a.Field, a.Before, a.After)).Reverse());
    }
}
