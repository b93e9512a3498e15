using System.Collections.Concurrent;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Leases;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Politeness;

/// <summary>
/// What every process owes a host together, beyond what each owes it alone (<see cref="HostPacer"/>,
/// <see cref="HostGate"/>, <see cref="HostCircuits"/>): where many workers share one database, the spacing of requests,
/// the checks in flight, a pause asked for by a long Retry-After and an open circuit count across all of them.
/// </summary>
internal interface ISharedHosts
{
    /// <summary>Waits for the host's turn among every process's requests.</summary>
    /// <exception cref="HostPausedException">A process recorded a pause of the host, or its open circuit.</exception>
    Task WaitTurnAsync(string host, CancellationToken cancellationToken);

    /// <summary>Records a Retry-After of the host for every process; <paramref name="pause"/> when it pauses the host.</summary>
    Task HoldOffAsync(string host, TimeSpan retryAfter, bool pause, CancellationToken cancellationToken);

    /// <summary>Records that the host's circuit opened for <paramref name="duration"/>, or (null) closed.</summary>
    Task SetCircuitAsync(string host, TimeSpan? duration, CancellationToken cancellationToken);

    /// <summary>Takes one of the host's slots among every process's checks in flight; disposing gives it back.</summary>
    Task<IAsyncDisposable> EnterAsync(string host, CancellationToken cancellationToken);
}

/// <summary>One machine's processes: each keeps what it owes a host in its own memory, and nothing is shared.</summary>
internal sealed class UnsharedHosts : ISharedHosts
{
    public static UnsharedHosts Instance { get; } = new();

    /// <summary>A slot that holds nothing.</summary>
    public static IAsyncDisposable NoSlot { get; } = new Empty();

    public Task WaitTurnAsync(string host, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task HoldOffAsync(string host, TimeSpan retryAfter, bool pause, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task SetCircuitAsync(string host, TimeSpan? duration, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<IAsyncDisposable> EnterAsync(string host, CancellationToken cancellationToken) => Task.FromResult(NoSlot);

    private sealed class Empty : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// The hosts' shared state in the database (tables <c>host_turns</c> and <c>host_slots</c>), on the database server's
/// clock, so that machines whose clocks differ still keep the spacing:
/// <list type="bullet">
/// <item>a turn is taken in one statement that moves the host's next turn on by <see cref="FetchOptions.PerHostDelay"/>,
/// unless the host is paused or its circuit open; then, after the wait, the send itself is claimed only once
/// <c>PerHostDelay</c> has passed since the last one sent by any process (a late timer never brings two sends closer);</item>
/// <item>a slot is one of <see cref="WorkerOptions.MaxConcurrencyPerHost"/> rows per host, held by this process for
/// <see cref="SlotLease"/> and renewed while held, so the slots of a process that dies come free within that time
/// (at once for a process of this machine that has ended);</item>
/// <item>a long Retry-After or an open circuit is a time in the host's row, which every process's next turn reads.</item>
/// </list>
/// </summary>
internal sealed class DatabaseSharedHosts : ISharedHosts, IAsyncDisposable
{
    /// <summary>How long a slot stays held without renewal: the longest a dead process of another machine blocks one.</summary>
    public static readonly TimeSpan SlotLease = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan LongestSlotPoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan DeadOwnersEvery = TimeSpan.FromSeconds(2);

    private readonly IDbConnectionFactory _connections;
    private readonly FetchOptions _fetch;
    private readonly int _maxPerHost;
    private readonly TimeProvider _time;
    private readonly ILogger<DatabaseSharedHosts> _logger;
    private readonly string _owner = LeaseOwners.New();
    private readonly ConcurrentDictionary<string, bool> _known = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Host, int Slot), int> _held = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _renewalLock = new();
    private Task? _renewal;
    private long _deadOwnersLookedAt;
    private int _disposed;

    public DatabaseSharedHosts(
        IDbConnectionFactory connections, IOptions<FetchOptions> fetch, IOptions<WorkerOptions> worker, TimeProvider time,
        ILogger<DatabaseSharedHosts> logger)
    {
        _connections = connections;
        _fetch = fetch.Value;
        _maxPerHost = worker.Value.MaxConcurrencyPerHost;
        _time = time;
        _logger = logger;
    }

    // A database that cannot be asked holds the request back rather than let it go without the turn every worker keeps;
    // and since nothing was learnt about the source, the check is postponed, not recorded (see Unavailable).
    public async Task WaitTurnAsync(string host, CancellationToken cancellationToken)
    {
        var key = HostPacer.KeyOf(host);
        try
        {
            await TakeTurnAsync(key, cancellationToken);
        }
        catch (Exception ex) when (IsDatabaseTrouble(ex))
        {
            throw Unavailable(key, "turn", ex);
        }
    }

    /// <summary>How long a check whose host's turn or slot could not be taken is put off.</summary>
    internal static readonly TimeSpan UnavailablePostponement = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The database could not be asked for the host's turn or slot. The check stops as it does for a paused host (no
    /// check recorded, the citation due again shortly): the failure is the database's, not the site's, so it must
    /// neither stand as the source's connection error nor count towards the host's circuit (a database reached over
    /// the network fails with the same socket errors a site does).
    /// </summary>
    private HostPausedException Unavailable(string key, string what, Exception ex)
    {
        _logger.LogWarning(ex, "Host {Host}: its {What} among the workers could not be taken from the database; the check is postponed", key, what);
        return new HostPausedException(key, _time.GetUtcNow() + UnavailablePostponement, Domain.Checks.CheckReasons.SharedTurnUnavailable);
    }

    private async Task TakeTurnAsync(string key, CancellationToken cancellationToken)
    {
        await KnowAsync(key, cancellationToken);
        var spacing = _fetch.PerHostDelay.TotalSeconds;
        if (spacing <= 0)
        {
            // Nothing to space: only whether the host may be asked at all.
            await ThrowIfPausedAsync(key, cancellationToken);
            return;
        }

        // A connection for each statement, none held while waiting: a hundred checks waiting for their turns hold none.
        double? wait;
        await using (var work = await _connections.ConnectAsync(cancellationToken))
        {
            wait = await work.ScalarAsync<double?>(
                """
                UPDATE host_turns SET next_start_at = GREATEST(next_start_at, clock_timestamp()) + @spacing * interval '1 second'
                WHERE host = @key
                  AND COALESCE(paused_until, '-infinity') <= clock_timestamp()
                  AND COALESCE(circuit_open_until, '-infinity') <= clock_timestamp()
                RETURNING GREATEST(EXTRACT(EPOCH FROM next_start_at - clock_timestamp()) - @spacing, 0)
                """, new { key, spacing }, cancellationToken);
        }

        if (wait is null)
        {
            await ThrowIfPausedAsync(key, cancellationToken);
        }

        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(wait.Value), _time, cancellationToken);
        }

        // The turn has come; the send is claimed once the spacing since the last send of any process has passed, and
        // only while no worker has paused the host meanwhile. A claim that another process's claim got ahead of (it
        // waited on that row) is not one: what is left is read and waited.
        while (true)
        {
            SendClaim claim;
            await using (var work = await _connections.ConnectAsync(cancellationToken))
            {
                claim = await work.SingleAsync<SendClaim>(
                    """
                    WITH claimed AS (
                        UPDATE host_turns SET last_sent_at = clock_timestamp()
                        WHERE host = @key AND (last_sent_at IS NULL OR last_sent_at + @spacing * interval '1 second' <= clock_timestamp())
                          AND COALESCE(paused_until, '-infinity') <= clock_timestamp()
                          AND COALESCE(circuit_open_until, '-infinity') <= clock_timestamp()
                        RETURNING host)
                    SELECT EXISTS (SELECT 1 FROM claimed) AS claimed,
                           (SELECT EXTRACT(EPOCH FROM last_sent_at + @spacing * interval '1 second' - clock_timestamp())::float8
                            FROM host_turns WHERE host = @key) AS left_seconds
                    """, new { key, spacing }, cancellationToken);
            }

            if (claim.Claimed)
            {
                return;
            }

            await ThrowIfPausedAsync(key, cancellationToken);

            // Read before the other claim was committed, what is left may look like nothing: wait a little all the same.
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(claim.LeftSeconds ?? 0, 0.002)), _time, cancellationToken);
        }
    }

    private static bool IsDatabaseTrouble(Exception ex) => ex is System.Data.Common.DbException or TimeoutException;

    public async Task HoldOffAsync(string host, TimeSpan retryAfter, bool pause, CancellationToken cancellationToken)
    {
        var key = HostPacer.KeyOf(host);
        var seconds = (retryAfter < HostPacer.LongestPause ? retryAfter : HostPacer.LongestPause).TotalSeconds;
        await RecordAsync(key, "a Retry-After", async work => await work.ExecuteAsync(
            """
            UPDATE host_turns SET
                next_start_at = GREATEST(next_start_at, clock_timestamp() + @seconds * interval '1 second'),
                paused_until = CASE WHEN @pause = 1
                                    THEN GREATEST(COALESCE(paused_until, '-infinity'), clock_timestamp() + @seconds * interval '1 second')
                                    ELSE paused_until END
            WHERE host = @key
            """, new { key, seconds, pause }, cancellationToken), cancellationToken);
    }

    public async Task SetCircuitAsync(string host, TimeSpan? duration, CancellationToken cancellationToken)
    {
        var key = HostPacer.KeyOf(host);
        await RecordAsync(key, duration is null ? "its circuit closing" : "its circuit opening", async work => await work.ExecuteAsync(
            "UPDATE host_turns SET circuit_open_until = clock_timestamp() + @seconds * interval '1 second' WHERE host = @key",
            new { key, seconds = duration?.TotalSeconds }, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Records what this process learnt of a host for the others. A database that cannot be written just now costs the
    /// others the news (this process holds off all the same), not the check that learnt it.
    /// </summary>
    private async Task RecordAsync(string key, string what, Func<UnitOfWork, Task> write, CancellationToken cancellationToken)
    {
        try
        {
            await KnowAsync(key, cancellationToken);
            await using var work = await _connections.ConnectAsync(cancellationToken);
            await write(work);
        }
        catch (Exception ex) when (IsDatabaseTrouble(ex))
        {
            _logger.LogWarning(ex, "Host {Host}: {What} could not be recorded for the other workers", key, what);
        }
    }

    public async Task<IAsyncDisposable> EnterAsync(string host, CancellationToken cancellationToken)
    {
        var key = HostPacer.KeyOf(host);
        try
        {
            return await TakeSlotAsync(key, cancellationToken);
        }
        catch (Exception ex) when (IsDatabaseTrouble(ex))
        {
            throw Unavailable(key, "slot", ex);
        }
    }

    private async Task<IAsyncDisposable> TakeSlotAsync(string key, CancellationToken cancellationToken)
    {
        await KnowAsync(key, cancellationToken);
        var poll = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            int? slot;
            await using (var work = await _connections.ConnectAsync(cancellationToken))
            {
                slot = await work.ScalarAsync<int?>(
                    """
                    UPDATE host_slots SET owner = @owner, expires_at = clock_timestamp() + @lease * interval '1 second'
                    WHERE (host, slot) = (SELECT host, slot FROM host_slots
                                          WHERE host = @key AND slot < @max AND (owner IS NULL OR expires_at < clock_timestamp())
                                          ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED)
                    RETURNING slot
                    """, new { key, owner = _owner, lease = SlotLease.TotalSeconds, max = _maxPerHost }, cancellationToken);
            }

            if (slot is { } taken)
            {
                _held.AddOrUpdate((key, taken), 1, static (_, count) => count + 1);
                StartRenewal();
                return new Slot(this, key, taken);
            }

            await FreeDeadOwnersAsync(cancellationToken);
            await Task.Delay(poll, _time, cancellationToken);
            poll = poll * 2 < LongestSlotPoll ? poll * 2 : LongestSlotPoll;
        }
    }

    private async Task ReleaseAsync(string key, int slot)
    {
        _held.TryRemove((key, slot), out _);
        try
        {
            await using var work = await _connections.ConnectAsync(CancellationToken.None);
            await work.ExecuteAsync(
                "UPDATE host_slots SET owner = NULL, expires_at = NULL WHERE host = @key AND slot = @slot AND owner = @owner",
                new { key, slot, owner = _owner }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            // Not given back now, it comes free when its lease runs out.
            _logger.LogWarning(ex, "Slot {Slot} of host {Host} could not be given back; it comes free within {Lease}", slot, key, SlotLease);
        }
    }

    /// <summary>The host's row and slots exist, made once per process and host (by whichever process comes first).</summary>
    private async Task KnowAsync(string key, CancellationToken cancellationToken)
    {
        if (_known.ContainsKey(key))
        {
            return;
        }

        await using var work = await _connections.ConnectAsync(cancellationToken);
        await work.ExecuteAsync(
            """
            INSERT INTO host_turns (host) VALUES (@key) ON CONFLICT DO NOTHING;
            INSERT INTO host_slots (host, slot) SELECT @key, n FROM generate_series(0, @max - 1) AS n ON CONFLICT DO NOTHING;
            """, new { key, max = _maxPerHost }, cancellationToken);
        _known[key] = true;
    }

    private async Task ThrowIfPausedAsync(string key, CancellationToken cancellationToken)
    {
        await using var work = await _connections.ConnectAsync(cancellationToken);
        var row = await work.SingleOrDefaultAsync<HostTurnRow>(
            """
            SELECT CASE WHEN paused_until > clock_timestamp() THEN paused_until END AS paused_until,
                   CASE WHEN circuit_open_until > clock_timestamp() THEN circuit_open_until END AS circuit_open_until
            FROM host_turns WHERE host = @key
            """, new { key }, cancellationToken);
        if (row?.PausedUntil is { } paused)
        {
            throw new HostPausedException(key, paused, CheckReasons.RetryAfter);
        }

        if (row?.CircuitOpenUntil is { } open)
        {
            throw new HostPausedException(key, open, CheckReasons.CircuitOpen);
        }
    }

    /// <summary>Gives back the slots held by processes of this machine that have ended, at most every few seconds.</summary>
    private async Task FreeDeadOwnersAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _deadOwnersLookedAt);
        if ((last != 0 && _time.GetElapsedTime(last, now) < DeadOwnersEvery) || Interlocked.CompareExchange(ref _deadOwnersLookedAt, now, last) != last)
        {
            return;
        }

        await using var work = await _connections.ConnectAsync(cancellationToken);
        var owners = await work.QueryAsync<string>(
            "SELECT DISTINCT owner FROM host_slots WHERE owner IS NOT NULL AND expires_at >= clock_timestamp()", null, cancellationToken);
        var dead = owners.Where(LeaseOwners.IsDeadLocal).ToArray();
        if (dead.Length > 0)
        {
            var freed = await work.ExecuteAsync(
                $"UPDATE host_slots SET owner = NULL, expires_at = NULL WHERE {work.Dialect.InList("owner", "@dead")}",
                new { dead = work.Dialect.Texts(dead) }, cancellationToken);
            _logger.LogInformation("Gave back {Count} host slot(s) held by {Owners} process(es) of this machine that ended", freed, dead.Length);
        }
    }

    /// <summary>While this process holds slots, their leases are renewed every third of a lease, in one statement.</summary>
    private void StartRenewal()
    {
        lock (_renewalLock)
        {
            _renewal ??= Task.Run(RenewAsync);
        }
    }

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(SlotLease / 3, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                if (_held.IsEmpty)
                {
                    continue;
                }

                try
                {
                    await using var work = await _connections.ConnectAsync(_stopping.Token);
                    await work.ExecuteAsync(
                        "UPDATE host_slots SET expires_at = clock_timestamp() + @lease * interval '1 second' WHERE owner = @owner",
                        new { owner = _owner, lease = SlotLease.TotalSeconds }, _stopping.Token);
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
                {
                    _logger.LogWarning(ex, "The leases of this process's host slots could not be renewed; trying again");
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposed by the container under each name it is registered by.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_renewal is { } renewal)
        {
            await renewal;
        }

        _stopping.Dispose();
    }

    private sealed class Slot(DatabaseSharedHosts owner, string key, int slot) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                await owner.ReleaseAsync(key, slot);
            }
        }
    }

    private sealed class SendClaim
    {
        public bool Claimed { get; init; }

        public double? LeftSeconds { get; init; }
    }

    private sealed class HostTurnRow
    {
        public DateTimeOffset? PausedUntil { get; init; }

        public DateTimeOffset? CircuitOpenUntil { get; init; }
    }
}
