using CitationMonitor.Infrastructure.Persistence;
using Dapper;

namespace CitationMonitor.Infrastructure.Scheduling;

internal sealed record DueCitation(long Id, string Host);

/// <summary>
/// Claims due citations with a lease in the database, so that several processes sharing one database
/// never check the same citation at once; an abandoned lease simply expires.
/// </summary>
internal sealed class DueCitationQueue(IDbConnectionFactory connections)
{
    public async Task<IReadOnlyList<DueCitation>> ClaimAsync(
        string owner, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
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
                new { owner, until = DbTime.ToDb(now + lease), ids = due.Select(d => d.Id).ToArray() },
                transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return Interleave(due);
    }

    /// <summary>Gives back a claim that was not used, so the citation is due again at once.</summary>
    public async Task ReleaseAsync(long id, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE citations SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner",
            new { id, owner }, cancellationToken: cancellationToken));
    }

    /// <summary>Round-robin over hosts, so one big host does not hold every slot while others wait.</summary>
    private static List<DueCitation> Interleave(List<DueCitation> due) =>
        [.. due.GroupBy(d => d.Host)
            .SelectMany(group => group.Select((citation, index) => (citation, index)))
            .OrderBy(pair => pair.index)
            .Select(pair => pair.citation)];
}
