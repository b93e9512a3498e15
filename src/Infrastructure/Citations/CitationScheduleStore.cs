using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Citations;

/// <summary>When a citation was last checked and when it is due again.</summary>
internal sealed class ScheduledCitation
{
    public long Id { get; init; }
    public DateTimeOffset? LastCheckedAt { get; init; }
    public DateTimeOffset NextCheckAt { get; init; }

    /// <summary>Its own check interval, in seconds; null: the configured one.</summary>
    public long? CheckIntervalSeconds { get; init; }

    public TimeSpan? CheckInterval => CheckIntervalSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
}

/// <summary>The due dates of citations, moved all at once rather than by a check (after the check interval was shortened).</summary>
internal sealed class CitationScheduleStore(IDbConnectionFactory connections)
{
    /// <summary>
    /// Gives every citation not yet due at <paramref name="now"/> (and neither paused nor retired) the date <paramref name="earlier"/> chooses for it, when
    /// it chooses one and it is earlier; never a later one, even over a check recorded meanwhile. Returns how many moved.
    /// </summary>
    public async Task<int> BringForwardAsync(
        DateTimeOffset now, Func<ScheduledCitation, DateTimeOffset?> earlier, CancellationToken cancellationToken)
    {
        List<ScheduledCitation> scheduled;
        await using (var read = await connections.ConnectAsync(cancellationToken))
        {
            scheduled = await read.QueryAsync<ScheduledCitation>(
                """
                SELECT id, last_checked_at, next_check_at, check_interval AS check_interval_seconds FROM citations
                WHERE next_check_at > @now AND paused = 0 AND retired = 0
                """, new { now }, cancellationToken);
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
