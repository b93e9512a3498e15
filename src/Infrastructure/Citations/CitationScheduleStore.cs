using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Citations;

/// <summary>When a citation was last checked and when it is due again.</summary>
internal sealed class ScheduledCitation
{
    public long Id { get; init; }
    public DateTimeOffset? LastCheckedAt { get; init; }
    public DateTimeOffset NextCheckAt { get; init; }
}

/// <summary>The due dates of citations, moved all at once rather than by a check (after the check interval was shortened).</summary>
internal sealed class CitationScheduleStore(IDbConnectionFactory connections)
{
    /// <summary>
    /// Gives every citation not yet due at <paramref name="now"/> the date <paramref name="earlier"/> chooses for it, when
    /// it chooses one and it is earlier; never a later one, even over a check recorded meanwhile. Returns how many moved.
    /// </summary>
    public async Task<int> BringForwardAsync(
        DateTimeOffset now, Func<ScheduledCitation, DateTimeOffset?> earlier, CancellationToken cancellationToken)
    {
        List<ScheduledCitation> scheduled;
        await using (var read = await connections.ConnectAsync(cancellationToken))
        {
            scheduled = await read.QueryAsync<ScheduledCitation>(
                "SELECT id, last_checked_at, next_check_at FROM citations WHERE next_check_at > @now", new { now }, cancellationToken);
        }

        var moves = scheduled
            .Select(citation => (citation.Id, Old: citation.NextCheckAt, New: earlier(citation)))
            .Where(move => move.New < move.Old)
            .Select(move => new { move.Id, NextCheckAt = move.New!.Value })
            .ToList();
        if (moves.Count == 0)
        {
            return 0;
        }

        await using var work = await connections.BeginAsync(cancellationToken);
        var moved = await work.ExecuteAsync(
            "UPDATE citations SET next_check_at = @NextCheckAt WHERE id = @Id AND next_check_at > @NextCheckAt",
            moves, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return moved;
    }
}
