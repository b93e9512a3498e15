using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Leases;

/// <summary>A citation claimed for a check, with the host its check will ask.</summary>
internal sealed record DueCitation(long Id, string Host);

/// <summary>
/// A citation is checked only under a lease held in the database, so that no two checks of one citation
/// (two schedulers on one database, or the scheduler and <c>POST /api/citations/{id}/check</c>) ever overlap.
/// A lease abandoned by a killed process expires, and sooner than that it is given back by <see cref="ReleaseAbandonedAsync"/>
/// as soon as a process on the same machine sees that its owner no longer runs (<see cref="LeaseOwners"/>).
/// </summary>
internal sealed class CitationLeaseStore(IDbConnectionFactory connections, IOptions<FetchOptions> fetchOptions, TimeProvider time)
{
    /// <summary>Long enough for the slowest possible check: every attempt of every hop timing out, plus backoff.</summary>
    public TimeSpan Duration
    {
        get
        {
            var fetch = fetchOptions.Value;
            var attempts = fetch.RetryAttempts + 1;
            var worst = ((fetch.Timeout + fetch.PerHostDelay) * attempts * (fetch.MaxRedirects + 1))
                + (fetch.RetryBaseDelay * 8 * attempts) + (fetch.MaxRetryAfter * fetch.RetryAttempts);
            return worst < TimeSpan.FromMinutes(5) ? TimeSpan.FromMinutes(5) : worst;
        }
    }

    /// <summary>
    /// How long a claim of the scheduler's stays fresh: its check starts without renewing it (a write spared per check).
    /// The scheduler claims for this much longer than <see cref="Duration"/>, so a fresh claim still has all of
    /// <see cref="Duration"/> ahead of it when its check starts.
    /// </summary>
    public TimeSpan FreshFor => Duration / 4;

    /// <summary>Claims up to <paramref name="limit"/> due citations, interleaved by host; paused and retired ones are never due.</summary>
    public async Task<IReadOnlyList<DueCitation>> ClaimDueAsync(string owner, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await connections.BeginAsync(cancellationToken);
        var due = await work.QueryAsync<DueCitation>(
            """
            SELECT id, host FROM citations
            WHERE next_check_at <= @now AND paused = 0 AND retired = 0 AND (lease_until IS NULL OR lease_until < @now)
            ORDER BY next_check_at, id
            LIMIT @limit
            """ + work.Dialect.ForUpdateSkipLocked, new { now, limit }, cancellationToken);

        if (due.Count > 0)
        {
            await work.ExecuteAsync(
                $"UPDATE citations SET lease_owner = @owner, lease_until = @until WHERE {work.Dialect.InList("id", "@ids")}",
                new { owner, until = now + Duration + FreshFor, ids = work.Dialect.Ids(due.Select(d => d.Id)) }, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        return Interleave(due);
    }

    /// <summary>
    /// Claims one citation, or renews a claim <paramref name="owner"/> already holds, for one check from now;
    /// false while someone else holds it.
    /// </summary>
    public async Task<bool> TryClaimAsync(long id, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.ExecuteAsync(
            """
            UPDATE citations SET lease_owner = @owner, lease_until = @until
            WHERE id = @id AND (lease_owner = @owner OR lease_until IS NULL OR lease_until < @now)
            """, new { id, owner, now, until = now + Duration }, cancellationToken) == 1;
    }

    /// <summary>
    /// Renews a claim of the scheduler's for the check about to start, or takes it afresh, unless the citation was paused
    /// or retired since it was claimed as due; false then, or while someone else holds it.
    /// </summary>
    public async Task<bool> TryClaimScheduledAsync(long id, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.ExecuteAsync(
            """
            UPDATE citations SET lease_owner = @owner, lease_until = @until
            WHERE id = @id AND paused = 0 AND retired = 0 AND (lease_owner = @owner OR lease_until IS NULL OR lease_until < @now)
            """, new { id, owner, now, until = now + Duration }, cancellationToken) == 1;
    }

    /// <summary>Gives back a claim that was not used, so the citation can be claimed again at once.</summary>
    public async Task ReleaseAsync(long id, string owner, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        await work.ExecuteAsync(
            "UPDATE citations SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner",
            new { id, owner }, cancellationToken);
    }

    /// <summary>
    /// Gives back a claim whose check was postponed: the citation is due again at <paramref name="until"/>, or when it
    /// was due anyway if that is later.
    /// </summary>
    public async Task PostponeAsync(long id, string owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        await work.ExecuteAsync(
            """
            UPDATE citations
            SET next_check_at = CASE WHEN next_check_at < @until THEN @until ELSE next_check_at END,
                lease_owner = NULL, lease_until = NULL
            WHERE id = @id AND lease_owner = @owner
            """, new { id, owner, until }, cancellationToken);
    }

    /// <summary>
    /// Gives back every lease whose owner was a process of this machine that no longer runs, so that after a kill the
    /// citations it held are checked on the next round instead of when their leases expire; the number of leases freed.
    /// </summary>
    public async Task<int> ReleaseAbandonedAsync(CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var owners = await work.QueryAsync<string>(
            "SELECT DISTINCT lease_owner FROM citations WHERE lease_owner IS NOT NULL AND lease_until >= @now",
            new { now = time.GetUtcNow() }, cancellationToken);
        var dead = owners.Where(LeaseOwners.IsDeadLocal).ToArray();
        return dead.Length == 0
            ? 0
            : await work.ExecuteAsync(
                $"UPDATE citations SET lease_owner = NULL, lease_until = NULL WHERE {work.Dialect.InList("lease_owner", "@dead")}",
                new { dead = work.Dialect.Texts(dead) }, cancellationToken);
    }

    /// <summary>Round-robin over hosts, so one big host does not hold every slot while others wait.</summary>
    private static List<DueCitation> Interleave(List<DueCitation> due) =>
        [.. due.GroupBy(d => d.Host)
            .SelectMany(group => group.Select((citation, index) => (citation, index)))
            .OrderBy(pair => pair.index)
            .Select(pair => pair.citation)];
}
