using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using Dapper;

namespace CitationMonitor.Infrastructure.Tests.Persistence;

/// <summary>
/// Group commit over a real SQLite file: units that wait while another is written are committed together, each whole
/// or not at all, and a caller is answered only once its unit is committed.
/// </summary>
public sealed class WriteBatchesTests
{
    private const string CreateTable = "CREATE TABLE IF NOT EXISTS batch_rows (name TEXT PRIMARY KEY, unit INTEGER NOT NULL)";

    [OnBothDatabases]
    public async Task UnitsQueuedBehindAWrite_AreCommittedTogether_InOneTransaction()
    {
        await using var services = await MonitorServices.StartAsync();
        var batches = services.Get<WriteBatches>();
        await CreateTableAsync(services);

        // The first unit holds the writer until ten more are queued behind it.
        var release = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        var first = batches.RunAsync(
            async (work, token) =>
            {
                entered.SetResult();
                await release.Task;
                await work.ExecuteAsync("INSERT INTO batch_rows (name, unit) VALUES ('first', 0)", null, token);
                return work;
            },
            CancellationToken.None);
        await entered.Task;
        var queued = Enumerable.Range(1, 10).Select(i => batches.RunAsync(
            async (work, token) =>
            {
                await work.ExecuteAsync("INSERT INTO batch_rows (name, unit) VALUES (@name, @i)", new { name = $"row {i}", i }, token);
                return work;
            },
            CancellationToken.None)).ToArray();
        await Task.Delay(100);
        Assert.All(queued, unit => Assert.False(unit.IsCompleted));
        release.SetResult();

        var firstUnit = await first;
        var units = await Task.WhenAll(queued);

        // The ten queued units shared one unit of work (one transaction), not the first one's.
        Assert.Single(units.Distinct());
        Assert.NotSame(firstUnit, units[0]);
        await using var connection = await services.OpenAsync();
        Assert.Equal(11, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM batch_rows"));
    }

    [OnBothDatabases]
    public async Task AUnitThatFails_IsUndoneAlone_AndItsCallerGetsTheException_WhileTheOthersAreCommitted()
    {
        await using var services = await MonitorServices.StartAsync();
        var batches = services.Get<WriteBatches>();
        await CreateTableAsync(services);

        var (release, blocker) = await HoldTheWriterAsync(batches);

        Task<int> Insert(string name, bool fail) => batches.RunAsync(
            async (work, token) =>
            {
                await work.ExecuteAsync("INSERT INTO batch_rows (name, unit) VALUES (@name, 1)", new { name }, token);
                await work.ExecuteAsync("INSERT INTO batch_rows (name, unit) VALUES (@other, 1)", new { other = name + " (second row)" }, token);
                if (fail)
                {
                    throw new InvalidOperationException($"{name} failed after writing two rows");
                }

                return 1;
            },
            CancellationToken.None);

        var before = Insert("before", fail: false);
        var failing = Insert("failing", fail: true);
        var after = Insert("after", fail: false);
        release.SetResult();
        await blocker;

        Assert.Equal(1, await before);
        Assert.Equal(1, await after);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("failing failed after writing two rows", error.Message);
        await using var connection = await services.OpenAsync();
        Assert.Equal(
            ["after", "after (second row)", "before", "before (second row)"],
            await connection.QueryAsync<string>("SELECT name FROM batch_rows ORDER BY name"));
    }

    [OnBothDatabases]
    public async Task ACallerIsAnswered_OnlyOnceItsUnitIsCommitted_AndSeenByAnotherConnection()
    {
        await using var services = await MonitorServices.StartAsync();
        var batches = services.Get<WriteBatches>();
        await CreateTableAsync(services);

        var writes = Enumerable.Range(0, 200).Select(async i =>
        {
            await batches.RunAsync(
                (work, token) => work.ExecuteAsync("INSERT INTO batch_rows (name, unit) VALUES (@name, @i)", new { name = $"row {i}", i }, token),
                CancellationToken.None);

            // Answered: committed, so a connection of its own sees the row at once.
            await using var connection = await services.OpenAsync();
            return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM batch_rows WHERE unit = @i", new { i });
        }).ToArray();

        Assert.All(await Task.WhenAll(writes), seen => Assert.Equal(1, seen));
    }

    [OnBothDatabases]
    public async Task AUnitWhoseCallerGaveUpBeforeItsTurn_IsNotWritten()
    {
        await using var services = await MonitorServices.StartAsync();
        var batches = services.Get<WriteBatches>();
        await CreateTableAsync(services);

        var (release, blocker) = await HoldTheWriterAsync(batches);

        using var giveUp = new CancellationTokenSource();
        var abandoned = batches.RunAsync(
            (work, token) => work.ExecuteAsync("INSERT INTO batch_rows (name, unit) VALUES ('abandoned', 1)", null, token),
            giveUp.Token);
        await giveUp.CancelAsync();
        release.SetResult();
        await blocker;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        await using var connection = await services.OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM batch_rows"));
    }

    [OnBothDatabases]
    public async Task ManyWritersOfOneProcess_TakeTurns_WithoutMeetingTheDatabaseLock()
    {
        await using var services = await MonitorServices.StartAsync();
        var connections = services.Get<IDbConnectionFactory>();
        await CreateTableAsync(services);

        // Transactions and single statements, all at once: each waits for its turn, and every one is written.
        var writers = Enumerable.Range(0, 400).Select(async i =>
        {
            if (i % 2 == 0)
            {
                await using var work = await connections.BeginAsync(CancellationToken.None);
                await work.ExecuteAsync("INSERT INTO batch_rows (name, unit) VALUES (@name, @i)", new { name = $"tx {i}", i }, CancellationToken.None);
                await work.ExecuteAsync("UPDATE batch_rows SET unit = unit + 1000 WHERE name = @name", new { name = $"tx {i}" }, CancellationToken.None);
                await work.CommitAsync(CancellationToken.None);
            }
            else
            {
                await using var work = await connections.ConnectAsync(CancellationToken.None);
                await work.ExecuteAsync("INSERT INTO batch_rows (name, unit) VALUES (@name, @i)", new { name = $"single {i}", i }, CancellationToken.None);
            }
        });
        await Task.WhenAll(writers);

        await using var connection = await services.OpenAsync();
        Assert.Equal(400, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM batch_rows"));
        Assert.Equal(200, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM batch_rows WHERE unit >= 1000"));
    }

    /// <summary>A unit that holds the writer until released: what is queued meanwhile goes into the next batch.</summary>
    [OnPostgres]
    public async Task AUnitChosenAsADeadlocksVictim_IsUndoneAndRunAgain_AndItsCallerIsToldItWasWritten()
    {
        await using var services = await MonitorServices.StartAsync();
        var batches = services.Get<WriteBatches>();
        await CreateTableAsync(services);
        await using (var setup = await services.OpenAsync())
        {
            await setup.ExecuteAsync("INSERT INTO batch_rows (name, unit) VALUES ('a', 0), ('b', 0)");
        }

        // Another session holds row b.
        await using var other = await services.OpenAsync();
        await using var transaction = await other.BeginTransactionAsync();
        await other.ExecuteAsync("UPDATE batch_rows SET unit = 2 WHERE name = 'b'", transaction: transaction);

        var runs = 0;
        var holdsA = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var unit = batches.RunAsync(
            async (work, token) =>
            {
                runs++;
                await work.ExecuteAsync("UPDATE batch_rows SET unit = unit + 10 WHERE name = 'a'", null, token);
                holdsA.TrySetResult();
                await work.ExecuteAsync("UPDATE batch_rows SET unit = unit + 10 WHERE name = 'b'", null, token);
                return runs;
            },
            CancellationToken.None);
        await holdsA.Task;

        // The unit waits for row b first, so its session is the first to look for a deadlock (deadlock_timeout after
        // it began waiting) and finds this one.
        await using (var watch = await services.OpenAsync())
        {
            const string Waiting = """
                SELECT COUNT(*) FROM pg_stat_activity
                WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE batch_rows SET unit = unit + 10 WHERE name = ''b''%'
                """;
            while (await watch.ExecuteScalarAsync<int>(Waiting) == 0)
            {
                await Task.Delay(20);
            }
        }

        await Task.Delay(200);

        // Each now waits for the other: PostgreSQL ends the unit's statement (40P01), which frees row a for the other.
        await other.ExecuteAsync("UPDATE batch_rows SET unit = 2 WHERE name = 'a'", transaction: transaction);
        await transaction.CommitAsync();

        // Run again after the other committed: both rows carry the unit's one write on top of the other's.
        Assert.Equal(2, await unit);
        await using var connection = await services.OpenAsync();
        Assert.Equal(
            [("a", 12), ("b", 12)],
            (await connection.QueryAsync<(string, int)>("SELECT name, unit FROM batch_rows ORDER BY name")).ToArray());
    }

    private static async Task<(TaskCompletionSource Release, Task<int> Blocker)> HoldTheWriterAsync(WriteBatches batches)
    {
        var release = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        var blocker = batches.RunAsync(
            async (work, token) =>
            {
                entered.SetResult();
                await release.Task;
                return 0;
            },
            CancellationToken.None);
        await entered.Task;
        return (release, blocker);
    }

    private static async Task CreateTableAsync(MonitorServices services)
    {
        await using var connection = await services.OpenAsync();
        await connection.ExecuteAsync(CreateTable);
    }
}
