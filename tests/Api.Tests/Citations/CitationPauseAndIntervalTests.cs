using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Http;

namespace CitationMonitor.Api.Tests.Citations;

/// <summary>Paused, resumed and re-timed citations, through the API with the scheduler running: the scheduler follows each.</summary>
public sealed class CitationPauseAndIntervalTests : SchedulerApiTest
{
    [OnBothDatabases]
    public async Task PausedCitation_IsNotCheckedByTheScheduler_ButOnDemand_AndResumingMakesItDueAtOnce()
    {
        var id = await WatchAsync("/paused");
        await WatchAsync("/running");
        await WaitForHitsAsync("/paused", 1);

        var paused = await PatchAsync($"/api/citations/{id}", new { paused = true });

        Assert.True(paused.GetProperty("paused").GetBoolean());
        await AssertQuietAsync("/paused", whileStillChecked: "/running");
        Assert.Equal([id], await IdsAsync("/api/citations?paused=true"));
        Assert.DoesNotContain(id, await IdsAsync("/api/citations?paused=false"));

        // A person may still look once: a pause holds back the scheduler only.
        var hits = Site.Hits("/paused");
        var check = await Client.PostAsync($"/api/citations/{id}/check", null);
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal(hits + 1, Site.Hits("/paused"));
        await AssertQuietAsync("/paused");

        var resumed = await PatchAsync($"/api/citations/{id}", new { paused = false });

        Assert.False(resumed.GetProperty("paused").GetBoolean());
        Assert.True(resumed.GetProperty("nextCheckAt").GetDateTimeOffset() <= TimeProvider.System.GetUtcNow(), "a resumed citation is due at once");
        hits = Site.Hits("/paused");
        await WaitForHitsAsync("/paused", hits + 2);
        Assert.Equal(
            [("paused", "false", "true"), ("paused", "true", "false")],
            (await AuditAsync(id)).Select(a => (a.Field, a.Before, a.After)).Reverse());
    }

    [OnBothDatabases]
    public async Task CitationWithItsOwnInterval_IsDueThatLongAfterItsLastCheck_AndTheSchedulerFollowsIt()
    {
        var id = await WatchAsync("/weekly");
        await WatchAsync("/daily");
        await WaitForHitsAsync("/weekly", 2);

        var patched = await PatchAsync($"/api/citations/{id}", new { checkInterval = "7.00:00:00" });

        Assert.Equal("7.00:00:00", patched.GetProperty("checkInterval").GetString());
        await AssertQuietAsync("/weekly", whileStillChecked: "/daily");
        // A check in flight during the edit may have been scheduled by the old interval once; by now the new one holds,
        // spread by at most a tenth as after every check.
        var citation = await GetAsync($"/api/citations/{id}");
        var gap = citation.GetProperty("nextCheckAt").GetDateTimeOffset() - citation.GetProperty("lastCheckedAt").GetDateTimeOffset();
        Assert.InRange(gap, TimeSpan.FromDays(7 * 0.9), TimeSpan.FromDays(7 * 1.1));
        Assert.Equal("7.00:00:00", citation.GetProperty("checkInterval").GetString());

        // An hour, then back to the configured interval: due at once, since its last check is more than a second old.
        var hourly = await PatchAsync($"/api/citations/{id}", new { checkInterval = "01:00:00" });
        Assert.Equal(
            hourly.GetProperty("lastCheckedAt").GetDateTimeOffset() + TimeSpan.FromHours(1),
            hourly.GetProperty("nextCheckAt").GetDateTimeOffset());
        var configured = await PatchAsync($"/api/citations/{id}", new { checkInterval = (string?)null });
        Assert.Equal(JsonValueKind.Null, configured.GetProperty("checkInterval").ValueKind);
        var hits = Site.Hits("/weekly");
        await WaitForHitsAsync("/weekly", hits + 2);

        // Outside an hour to 365 days, or not a duration: 400 naming the field and saying how to write it.
        foreach (var wrong in new object[] { "00:59:59", "365.00:00:01", "a week", 3600, "P7D" })
        {
            var refused = await Client.PatchAsync($"/api/citations/{id}", JsonContent.Create(new { checkInterval = wrong }));
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest, "checkInterval");
            Assert.Contains("d.hh:mm:ss", (await refused.ReadJsonAsync()).GetProperty("errors").GetProperty("checkInterval")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(
            [("checkInterval", "null", "7.00:00:00"), ("checkInterval", "7.00:00:00", "01:00:00"), ("checkInterval", "01:00:00", "null")],
            (await AuditAsync(id)).Select(a => (a.Field, a.Before, a.After)).Reverse());
    }
}
