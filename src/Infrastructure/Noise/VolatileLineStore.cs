using CitationMonitor.Infrastructure.Persistence;
using Dapper;

namespace CitationMonitor.Infrastructure.Noise;

internal sealed class VolatileLineRow
{
    public string Shape { get; init; } = "";
    public string Example { get; init; } = "";
    public string FirstSeenAt { get; init; } = "";
    public string LastSeenAt { get; init; } = "";
    public int TimesSeen { get; init; }
}

/// <summary>The volatile lines learned for each citation.</summary>
internal sealed class VolatileLineStore(IDbConnectionFactory connections, TimeProvider time)
{
    /// <summary>
    /// Lines that a single odd fetch should not silence for good: a sentence longer than this is left out of later
    /// comparisons only once it has been seen changing between fetches twice (counters, clocks and headlines are shorter).
    /// </summary>
    internal const int LongLineWords = 12;

    /// <summary>The shapes left out of this citation's comparisons from now on.</summary>
    public async Task<IReadOnlyList<string>> ShapesAsync(long citationId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var learned = await connection.QueryAsync<(string Shape, string Example, int TimesSeen)>(new CommandDefinition(
            "SELECT shape, example, times_seen FROM volatile_lines WHERE citation_id = @citationId", new { citationId },
            cancellationToken: cancellationToken));
        return [.. learned
            .Where(line => line.TimesSeen >= 2 || line.Example.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= LongLineWords)
            .Select(line => line.Shape)];
    }

    public async Task<Paged<VolatileLineRow>> ListAsync(long citationId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM volatile_lines WHERE citation_id = @citationId", new { citationId }, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<VolatileLineRow>(new CommandDefinition(
            """
            SELECT shape, example, first_seen_at, last_seen_at, times_seen FROM volatile_lines
            WHERE citation_id = @citationId ORDER BY last_seen_at DESC, shape LIMIT @PageSize OFFSET @Offset
            """, new { citationId, page.PageSize, page.Offset }, cancellationToken: cancellationToken));
        return new Paged<VolatileLineRow>(rows.AsList(), page.Page, page.PageSize, total);
    }

    /// <summary>Records lines seen to change between two fetches (shape and one example each).</summary>
    public async Task RememberAsync(long citationId, IReadOnlyDictionary<string, string> examplesByShape, CancellationToken cancellationToken)
    {
        if (examplesByShape.Count == 0)
        {
            return;
        }

        var now = DbTime.ToDb(time.GetUtcNow());
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (shape, example) in examplesByShape)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO volatile_lines (citation_id, shape, example, first_seen_at, last_seen_at, times_seen)
                VALUES (@citationId, @shape, @example, @now, @now, 1)
                ON CONFLICT (citation_id, shape) DO UPDATE SET last_seen_at = @now, times_seen = volatile_lines.times_seen + 1
                """, new { citationId, shape, example, now }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
