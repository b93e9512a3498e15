using System.Net;
using System.Text.Json;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using Dapper;

namespace CitationMonitor.Api.Tests.Fixity;

/// <summary>The fixity endpoints over captures of a real loopback site, with the stored bytes damaged in the real SQLite file.</summary>
public sealed class FixityApiTests : SiteApiTest
{
    [OnBothDatabases]
    public async Task FixityRun_CatchesAFlippedByteWithItsSnapshots_AndTheChainCatchesAnEditedRow()
    {
        var report = await WatchAsync("/report.txt");
        var statement = await WatchAsync("/press/statement");
        await CheckAsync(report);
        await CheckAsync(statement);
        await CheckAsync(report);

        var chain = await (await Client.GetAsync("/api/fixity/chain")).ReadJsonAsync();
        Assert.True(chain.GetProperty("intact").GetBoolean());
        Assert.Equal(3, chain.GetProperty("length").GetInt64());
        Assert.Equal(3, chain.GetProperty("head").GetProperty("snapshotId").GetInt64());
        Assert.Equal(64, chain.GetProperty("head").GetProperty("recordHash").GetString()!.Length);
        Assert.Equal(JsonValueKind.Null, chain.GetProperty("firstBroken").ValueKind);

        await using var db = await Factory.OpenDatabaseAsync();
        var sha256 = await db.QuerySingleAsync<string>("SELECT sha256 FROM snapshots WHERE id = 1");
        var data = await db.QuerySingleAsync<byte[]>("SELECT data FROM bodies WHERE sha256 = @sha256", new { sha256 });
        data[3] ^= 0x20;
        await db.ExecuteAsync("UPDATE bodies SET data = @data WHERE sha256 = @sha256", new { data, sha256 });

        var started = await Client.PostAsync("/api/fixity/run", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var runId = (await started.ReadJsonAsync()).GetProperty("runId").GetInt64();
        var run = await FinishedRunAsync(runId);

        Assert.Equal("request", run.GetProperty("trigger").GetString());
        Assert.Equal(2, run.GetProperty("bodiesVerified").GetInt64());
        Assert.Equal(1, run.GetProperty("failureCount").GetInt64());
        var failure = Assert.Single(run.GetProperty("failures").EnumerateArray());
        Assert.Equal("body", failure.GetProperty("target").GetString());
        Assert.Equal(sha256, failure.GetProperty("sha256").GetString());
        Assert.Equal("mismatch", failure.GetProperty("problem").GetString());
        Assert.Equal([1L, 3L], failure.GetProperty("snapshotIds").EnumerateArray().Select(e => e.GetInt64()));
        Assert.True(run.GetProperty("chain").GetProperty("intact").GetBoolean());
        Assert.Equal(3, run.GetProperty("chain").GetProperty("head").GetProperty("snapshotId").GetInt64());

        // Back-date the second capture: the chain breaks exactly there.
        await db.ExecuteAsync("UPDATE snapshots SET captured_at = '2021-01-01T00:00:00.0000000Z' WHERE id = 2");
        var broken = await (await Client.GetAsync("/api/fixity/chain")).ReadJsonAsync();
        Assert.False(broken.GetProperty("intact").GetBoolean());
        Assert.Equal(2, broken.GetProperty("firstBroken").GetProperty("snapshotId").GetInt64());
        Assert.Equal("altered", broken.GetProperty("firstBroken").GetProperty("problem").GetString());
        Assert.Equal(3, broken.GetProperty("length").GetInt64());
    }

    [OnBothDatabases]
    public async Task Status_BeforeAnyRun_SaysARunIsDue()
    {
        var status = await (await Client.GetAsync("/api/fixity")).ReadJsonAsync();

        Assert.False(status.GetProperty("running").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("lastRun").ValueKind);
        Assert.True(status.GetProperty("nextRunAt").GetDateTimeOffset() <= TimeProvider.System.GetUtcNow().AddSeconds(1));
        Assert.Equal("7.00:00:00", status.GetProperty("interval").GetString());
    }

    [OnBothDatabases]
    public async Task StartRun_WhileAnotherProcessRunsOne_IsConflict()
    {
        await using (var db = await Factory.OpenDatabaseAsync())
        {
            await db.ExecuteAsync(
                "INSERT INTO job_leases (name, owner, expires_at) VALUES ('fixity', 'worker-on-another-machine', @until)",
                new { until = TimeProvider.System.GetUtcNow().AddMinutes(5) });
        }

        var response = await Client.PostAsync("/api/fixity/run", null);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.True((await (await Client.GetAsync("/api/fixity")).ReadJsonAsync()).GetProperty("running").GetBoolean());
    }

    [OnBothDatabases]
    public async Task StartRun_FromAnotherMachineWithoutKey_IsUnauthorized()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/fixity/run");
        request.Headers.Add(MonitorApiFactory.ClientAddressHeader, "203.0.113.7");

        await ProblemAssert.IsProblemAsync(await Client.SendAsync(request), HttpStatusCode.Unauthorized);
    }

    private async Task<JsonElement> FinishedRunAsync(long runId)
    {
        JsonElement run = default;
        var finished = await Eventually.TrueWithinAsync(async () =>
        {
            var status = await (await Client.GetAsync("/api/fixity")).ReadJsonAsync();
            run = status.GetProperty("lastRun");
            return run.GetProperty("id").GetInt64() == runId && run.GetProperty("finishedAt").ValueKind != JsonValueKind.Null;
        }, TimeSpan.FromSeconds(30));
        Assert.True(finished, $"run {runId} did not finish: {run}");
        return run;
    }

    private async Task<long> WatchAsync(string path) =>
        (await (await Client.PostJsonAsync("/api/citations", new { url = Site.Url(path) })).ReadJsonAsync()).GetProperty("id").GetInt64();

    private async Task CheckAsync(long id)
    {
        var check = await (await Client.PostAsync($"/api/citations/{id}/check", null)).ReadJsonAsync();
        Assert.Equal("ok", check.GetProperty("status").GetString());
    }
}
