using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Noise;

internal sealed class VolatileLineRow
{
    public string Shape { get; init; } = "";
    public string Example { get; init; } = "";
    public DateTimeOffset FirstSeenAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
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
        await using var work = await connections.ConnectAsync(cancellationToken);
        var learned = await work.QueryAsync<(string Shape, string Example, int TimesSeen)>(
            "SELECT shape, example, times_seen FROM volatile_lines WHERE citation_id = @citationId", new { citationId }, cancellationToken);
        return [.. learned
            .Where(line => line.TimesSeen >= 2 || line.Example.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= LongLineWords)
            .Select(line => line.Shape)];
    }

    public async Task<Paged<VolatileLineRow>> ListAsync(long citationId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.PageAsync<VolatileLineRow>(
            "shape, example, first_seen_at, last_seen_at, times_seen", "FROM volatile_lines", "last_seen_at DESC, shape",
            new SqlFilter().And("citation_id = @citationId", "citationId", citationId), page, cancellationToken);
    }

    /// <summary>Records lines seen to change between two fetches (shape and one example each).</summary>
    public async Task RememberAsync(long citationId, IReadOnlyDictionary<string, string> examplesByShape, CancellationToken cancellationToken)
    {
        if (examplesByShape.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        await using var work = await connections.BeginAsync(cancellationToken);
        foreach (var (shape, example) in examplesByShape)
        {
            await work.ExecuteAsync(
                """
                INSERT INTO volatile_lines (citation_id, shape, example, first_seen_at, last_seen_at, times_seen)
                VALUES (@citationId, @shape, @example, @now, @now, 1)
                ON CONFLICT (citation_id, shape) DO UPDATE SET last_seen_at = @now, times_seen = volatile_lines.times_seen + 1
                """, new { citationId, shape, example, now }, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
    }
}
