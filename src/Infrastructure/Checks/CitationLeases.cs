using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using Dapper;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Checks;

internal sealed record DueCitation(long Id, string Host);

/// <summary>
/// A citation is checked only under a lease held in the database, so that no two checks of one citation
/// (two schedulers on one database, or the scheduler and <c>POST /api/citations/{id}/check</c>) ever overlap.
/// An abandoned lease (a killed process) simply expires.
/// </summary>
internal sealed class CitationLeases(IDbConnectionFactory connections, IOptions<FetchOptions> fetchOptions, TimeProvider time)
{
    private static readonly string ProcessId = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>A new owner name: this process plus a unique part, one per claim.</summary>
    public static string NewOwner() => $"{ProcessId}:{Guid.NewGuid():N}";

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

    /// <summary>Claims up to <paramref name="limit"/> due citations, interleaved by host.</summary>
    public async Task<IReadOnlyList<DueCitation>> ClaimDueAsync(string owner, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nowText = DbTime.ToDb(now);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = (await connection.QueryAsync<DueCitation>(new CommandDefinition(
            """
            SELECT id, host FROM citations
            WHERE next_check_at <= @now AND (lease_until IS NULL OR lease_until < @now)
            ORDER BY next_check_at, id
            LIMIT @limit
            """, new { now = nowText, limit }, transaction, cancellationToken: cancellationToken))).AsList();

        if (due.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE citations SET lease_owner = @owner, lease_until = @until WHERE id IN @ids",
                new { owner, until = DbTime.ToDb(now + Duration), ids = due.Select(d => d.Id).ToArray() },
                transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return Interleave(due);
    }

    /// <summary>
    /// Claims one citation, or renews a claim <paramref name="owner"/> already holds, for one check from now;
    /// false while someone else holds it.
    /// </summary>
    public async Task<bool> TryClaimAsync(long id, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE citations SET lease_owner = @owner, lease_until = @until
            WHERE id = @id AND (lease_owner = @owner OR lease_until IS NULL OR lease_until < @now)
            """, new { id, owner, now = DbTime.ToDb(now), until = DbTime.ToDb(now + Duration) },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Gives back a claim that was not used, so the citation can be claimed again at once.</summary>
    public async Task ReleaseAsync(long id, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE citations SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner",
            new { id, owner }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Gives back a claim whose check was postponed: the citation is due again at <paramref name="until"/>, or when it
    /// was due anyway if that is later.
    /// </summary>
    public async Task PostponeAsync(long id, string owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE citations
            SET next_check_at = CASE WHEN next_check_at < @until THEN @until ELSE next_check_at END,
                lease_owner = NULL, lease_until = NULL
            WHERE id = @id AND lease_owner = @owner
            """, new { id, owner, until = DbTime.ToDb(until) }, cancellationToken: cancellationToken));
    }

    /// <summary>Round-robin over hosts, so one big host does not hold every slot while others wait.</summary>
    private static List<DueCitation> Interleave(List<DueCitation> due) =>
        [.. due.GroupBy(d => d.Host)
            .SelectMany(group => group.Select((citation, index) => (citation, index)))
            .OrderBy(pair => pair.index)
            .Select(pair => pair.citation)];
}
