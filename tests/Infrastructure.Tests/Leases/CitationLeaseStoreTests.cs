using System.Diagnostics;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Leases;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using Dapper;

namespace CitationMonitor.Infrastructure.Tests.Leases;

public sealed class CitationLeaseStoreTests
{
    [OnBothDatabases]
    public async Task ClaimedCitation_IsNotClaimedAgainByAnotherOwner()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync("https://example.org/a");
        var leases = services.Get<CitationLeaseStore>();

        var first = await leases.ClaimDueAsync("scheduler-a", 10, CancellationToken.None);
        var second = await leases.ClaimDueAsync("scheduler-b", 10, CancellationToken.None);

        Assert.Equal([id], first.Select(d => d.Id));
        Assert.Empty(second);
        Assert.False(await leases.TryClaimAsync(id, "api", CancellationToken.None));
        Assert.True(await leases.TryClaimAsync(id, "scheduler-a", CancellationToken.None));
    }

    [OnBothDatabases]
    public async Task ReleasedCitation_CanBeClaimedAgain_ButOnlyItsOwnerReleasesIt()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync("https://example.org/a");
        var leases = services.Get<CitationLeaseStore>();
        Assert.True(await leases.TryClaimAsync(id, "one", CancellationToken.None));

        await leases.ReleaseAsync(id, "two", CancellationToken.None);
        Assert.False(await leases.TryClaimAsync(id, "two", CancellationToken.None));

        await leases.ReleaseAsync(id, "one", CancellationToken.None);
        Assert.True(await leases.TryClaimAsync(id, "two", CancellationToken.None));
    }

    [OnBothDatabases]
    public async Task ExpiredLease_IsClaimedAgain()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync("https://example.org/a");
        await using (var connection = await services.OpenAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE citations SET lease_owner = 'killed-process', lease_until = '2000-01-01T00:00:00.0000000Z' WHERE id = @id", new { id });
        }

        var claimed = await services.Get<CitationLeaseStore>().ClaimDueAsync("survivor", 10, CancellationToken.None);

        Assert.Equal([id], claimed.Select(d => d.Id));
    }

    [OnBothDatabases]
    public async Task LeaseOfAProcessThatNoLongerRuns_IsGivenBackBeforeItExpires()
    {
        await using var services = await MonitorServices.StartAsync();
        var dead = await services.WatchAsync("https://example.org/dead");
        var alive = await services.WatchAsync("https://example.org/alive");
        var foreign = await services.WatchAsync("https://example.org/foreign");
        var leases = services.Get<CitationLeaseStore>();

        // A process that really ran on this machine and ended, named as a lease owner is.
        using var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        var startedAround = TimeProvider.System.GetUtcNow().UtcTicks;
        await ended.WaitForExitAsync();
        var deadOwner = FormattableString.Invariant($"{LeaseOwners.Machine}:{ended.Id}:{startedAround}:claim");
        var liveOwner = LeaseOwners.New();
        Assert.True(await leases.TryClaimAsync(dead, deadOwner, CancellationToken.None));
        Assert.True(await leases.TryClaimAsync(alive, liveOwner, CancellationToken.None));
        Assert.True(await leases.TryClaimAsync(foreign, "another-machine:1:1:claim", CancellationToken.None));

        var released = await leases.ReleaseAbandonedAsync(CancellationToken.None);

        Assert.Equal(1, released);
        Assert.True(LeaseOwners.IsDeadLocal(deadOwner));
        Assert.False(LeaseOwners.IsDeadLocal(liveOwner));
        Assert.True(await leases.TryClaimAsync(dead, "survivor", CancellationToken.None));
        Assert.False(await leases.TryClaimAsync(alive, "survivor", CancellationToken.None));
        Assert.False(await leases.TryClaimAsync(foreign, "survivor", CancellationToken.None));
    }

    [OnBothDatabases]
    public async Task OwnerThatIsAnotherRunningProcess_IsAliveUntilItIsKilled()
    {
        using var other = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        var owner = FormattableString.Invariant($"{LeaseOwners.Machine}:{other.Id}:{LeaseOwners.StartMark(other.Id)}:claim");

        Assert.False(LeaseOwners.IsDeadLocal(owner));

        other.Kill();
        await other.WaitForExitAsync();
        Assert.True(LeaseOwners.IsDeadLocal(owner));
    }

    [OnBothDatabases]
    public void OwnerWhoseProcessIdWasReusedByAnotherProcess_IsDead()
    {
        // This very process id, but a start time that is not this process's: the owner was an earlier process.
        var earlier = FormattableString.Invariant($"{LeaseOwners.Machine}:{Environment.ProcessId}:{DateTime.UnixEpoch.Ticks}:claim");

        Assert.True(LeaseOwners.IsDeadLocal(earlier));
        Assert.False(LeaseOwners.IsDeadLocal(LeaseOwners.New()));
    }

    [Fact]
    public async Task OwnerOfAnotherContainerWithTheSameHostName_IsNeverJudgedFromHere()
    {
        // A process id that no longer names a process here: judged from this machine, its owner would be dead.
        using var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        var mark = LeaseOwners.StartMark(ended.Id) ?? 1;
        await ended.WaitForExitAsync();
        Assert.True(LeaseOwners.IsDeadLocal(FormattableString.Invariant($"{LeaseOwners.Machine}:{ended.Id}:{mark}:claim")));

        // The same host name, but the ids of another process namespace (another container), or the host name alone:
        // that id may name a live worker there.
        var parts = LeaseOwners.Machine.Split('/');
        var otherNamespace = parts.Length == 3 ? $"{parts[0]}/1/{parts[2]}" : LeaseOwners.Machine + "/1";
        Assert.NotEqual(LeaseOwners.Machine, otherNamespace);
        Assert.False(LeaseOwners.IsDeadLocal(FormattableString.Invariant($"{otherNamespace}:{ended.Id}:{mark}:claim")));
        Assert.False(LeaseOwners.IsDeadLocal(FormattableString.Invariant($"{Environment.MachineName}:{ended.Id}:{mark}:claim")));
    }

    [OnBothDatabases]
    public async Task DueClaims_AreInterleavedByHost()
    {
        await using var services = await MonitorServices.StartAsync();
        foreach (var url in new[] { "https://a.org/1", "https://a.org/2", "https://a.org/3", "https://b.org/1", "https://c.org/1" })
        {
            await services.WatchAsync(url);
        }

        var claimed = await services.Get<CitationLeaseStore>().ClaimDueAsync("scheduler", 10, CancellationToken.None);

        Assert.Equal(["a.org", "b.org", "c.org", "a.org", "a.org"], claimed.Select(d => d.Host));
    }

    [OnBothDatabases]
    public async Task FailuresOlderThanBrokenAfter_MakeTheCitationBrokenWithoutANewCheck()
    {
        await using var services = await MonitorServices.StartAsync();
        var overdue = await services.WatchAsync("https://example.org/overdue");
        var recent = await services.WatchAsync("https://example.org/recent");
        var few = await services.WatchAsync("https://example.org/few");
        await using var connection = await services.OpenAsync();
        await connection.ExecuteAsync(
            """
            UPDATE citations SET health = 'degraded', last_status = 'not_found', consecutive_failures = 3, first_failure_at = '2020-01-01T00:00:00.0000000Z' WHERE id = @overdue;
            UPDATE citations SET health = 'degraded', last_status = 'not_found', consecutive_failures = 3, first_failure_at = '2999-01-01T00:00:00.0000000Z' WHERE id = @recent;
            UPDATE citations SET health = 'degraded', last_status = 'not_found', consecutive_failures = 2, first_failure_at = '2020-01-01T00:00:00.0000000Z' WHERE id = @few;
            """, new { overdue, recent, few });

        var promoted = await services.Get<OverdueBrokenCitations>().PromoteAsync(new HealthOptions().ToPolicy(), CancellationToken.None);

        Assert.Equal(1, promoted);
        Assert.Equal("broken", await connection.ExecuteScalarAsync<string>("SELECT health FROM citations WHERE id = @overdue", new { overdue }));
        Assert.Equal("degraded", await connection.ExecuteScalarAsync<string>("SELECT health FROM citations WHERE id = @recent", new { recent }));
        Assert.Equal("degraded", await connection.ExecuteScalarAsync<string>("SELECT health FROM citations WHERE id = @few", new { few }));
    }
}
