using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Citations;

/// <summary>
/// An edit of a citation: only what it sets changes. The passage and access date are a place's (the one named with the
/// edit); pause, labels, check interval and retirement the citation's own.
/// </summary>
internal sealed class CitationEdit
{
    public bool SetsQuote { get; init; }
    public string? Quote { get; init; }
    public bool SetsAccessedAt { get; init; }
    public DateTimeOffset? AccessedAt { get; init; }

    /// <summary>True pauses, false resumes; null leaves it.</summary>
    public bool? Paused { get; init; }

    /// <summary>The labels, lower-case, distinct and sorted; null leaves them, empty clears them.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    public bool SetsCheckInterval { get; init; }

    /// <summary>Its own interval, in whole seconds; null goes back to the configured one.</summary>
    public TimeSpan? CheckInterval { get; init; }

    /// <summary>Brings a retired citation back.</summary>
    public bool Restores { get; init; }

    /// <summary>Retires the citation (a restored watch list says so); <c>PATCH</c> never sets it: a citation is retired with <c>DELETE</c>.</summary>
    public bool Retires { get; init; }

    /// <summary>Whether the edit sets anything of a place.</summary>
    public bool TouchesPlace => SetsQuote || SetsAccessedAt;
}

/// <summary>The place an edit of a passage or access date applies to: its id and its document (null: the source's own).</summary>
internal sealed record PlaceRef(long Id, long? DocumentId);

/// <summary>
/// A citation's life after it is watched: paused and resumed, labelled, re-timed, retired and brought back, its passages
/// and access dates set. Each edit is one transaction with its audit entries (<see cref="CitationAuditStore"/>).
/// Nothing here deletes a check, snapshot or change.
/// </summary>
internal sealed class CitationLife(
    IDbConnectionFactory connections, PlaceStore places, CitationAuditStore audit, IOptions<WorkerOptions> worker, TimeProvider time)
{
    private sealed class LifeState
    {
        public bool Paused { get; init; }
        public bool Retired { get; init; }
        public long? CheckIntervalSeconds { get; init; }
        public DateTimeOffset? LastCheckedAt { get; init; }
        public DateTimeOffset NextCheckAt { get; init; }
    }

    private sealed class PlaceState
    {
        public string? Quote { get; init; }
        public DateTimeOffset? AccessedAt { get; init; }
    }

    /// <summary>
    /// Applies <paramref name="edit"/> to the citation (and to <paramref name="place"/>, for a passage or access date),
    /// recording each change made by <paramref name="keyName"/>; false when there is no such citation.
    /// </summary>
    public async Task<bool> EditAsync(long citationId, PlaceRef? place, CitationEdit edit, string keyName, CancellationToken cancellationToken)
    {
        await using var work = await connections.BeginAsync(cancellationToken);
        if (await ApplyAsync(work, citationId, place, edit, keyName, cancellationToken) is null)
        {
            return false;
        }

        await work.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Applies <paramref name="edit"/> inside the caller's unit of work (see <see cref="EditAsync"/>), and with
    /// <see cref="CitationEdit.Retires"/> retires the citation too; the number of changes recorded in the audit, or null
    /// when there is no such citation. An edit to the values the citation has changes and records nothing.
    /// </summary>
    public async Task<int?> ApplyAsync(
        UnitOfWork work, long citationId, PlaceRef? place, CitationEdit edit, string keyName, CancellationToken cancellationToken)
    {
        if (await StateAsync(work, citationId, cancellationToken) is not { } state)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var entries = new List<AuditEntry>();
        if (edit.TouchesPlace && place is not null)
        {
            var before = await work.SingleAsync<PlaceState>(
                "SELECT quote, accessed_at FROM places WHERE id = @Id", new { place.Id }, cancellationToken);
            if (edit.SetsQuote && !string.Equals(before.Quote, edit.Quote, StringComparison.Ordinal))
            {
                await places.SetQuoteAsync(work, place.Id, edit.Quote, cancellationToken);
                entries.Add(AuditEntry.Of(citationId, place.DocumentId, AuditFields.Quote, before.Quote, edit.Quote));
            }

            if (edit.SetsAccessedAt && before.AccessedAt != edit.AccessedAt)
            {
                await places.SetAccessedAtAsync(work, place.Id, edit.AccessedAt, cancellationToken);
                entries.Add(AuditEntry.Of(citationId, place.DocumentId, AuditFields.AccessedAt, before.AccessedAt, edit.AccessedAt));
            }
        }

        if (edit.Paused is { } paused && paused != state.Paused)
        {
            // Resumed: due at the scheduler's next poll, so that what happened to the source while paused is seen at once.
            await work.ExecuteAsync(
                """
                UPDATE citations SET paused = @flag,
                    next_check_at = CASE WHEN @flag = 0 AND next_check_at > @now THEN @now ELSE next_check_at END
                WHERE id = @citationId
                """, new { citationId, flag = paused ? 1 : 0, now }, cancellationToken);
            entries.Add(AuditEntry.Of(citationId, null, AuditFields.Paused, state.Paused, paused));
        }

        if (edit.Labels is { } labels)
        {
            var before = await LabelsAsync(work, citationId, cancellationToken);
            if (!before.SequenceEqual(labels, StringComparer.Ordinal))
            {
                await work.ExecuteAsync("DELETE FROM citation_labels WHERE citation_id = @citationId", new { citationId }, cancellationToken);
                await work.ExecuteAsync(
                    "INSERT INTO citation_labels (citation_id, label) VALUES (@citationId, @label)",
                    labels.Select(label => new { citationId, label }), cancellationToken);
                entries.Add(AuditEntry.Of(citationId, null, AuditFields.Labels, before, labels));
            }
        }

        var seconds = edit.CheckInterval is { } interval ? (long)interval.TotalSeconds : (long?)null;
        if (edit.SetsCheckInterval && seconds != state.CheckIntervalSeconds)
        {
            await work.ExecuteAsync(
                "UPDATE citations SET check_interval = @seconds, next_check_at = @next WHERE id = @citationId",
                new { citationId, seconds, next = NextCheckAt(state, edit.CheckInterval, now) }, cancellationToken);
            entries.Add(AuditEntry.Of(
                citationId, null, AuditFields.CheckInterval,
                state.CheckIntervalSeconds is { } old ? TimeSpan.FromSeconds(old) : (TimeSpan?)null, edit.CheckInterval));
        }

        if (edit.Restores && state.Retired)
        {
            await RestoreAsync(work, citationId, now, cancellationToken);
            entries.Add(AuditEntry.Of(citationId, null, AuditFields.Retired, true, false));
        }

        var recorded = await audit.RecordAsync(work, keyName, entries, cancellationToken);
        if (edit.Retires && !state.Retired)
        {
            await RetireAsync(work, citationId, null, keyName, cancellationToken);
            recorded++;
        }

        return recorded;
    }

    /// <summary>
    /// Retires the citation: the scheduler checks it no more and lists leave it out, and all it gathered stays. False when
    /// there is no such citation; retiring a retired one changes nothing.
    /// </summary>
    public async Task<bool> RetireAsync(long citationId, string keyName, CancellationToken cancellationToken)
    {
        await using var work = await connections.BeginAsync(cancellationToken);
        if (await StateAsync(work, citationId, cancellationToken) is not { } state)
        {
            return false;
        }

        if (!state.Retired)
        {
            await RetireAsync(work, citationId, null, keyName, cancellationToken);
            await work.CommitAsync(cancellationToken);
        }

        return true;
    }

    /// <summary>Retires a citation not retired yet, inside the caller's unit of work; <paramref name="documentId"/> names the document whose retirement retired it.</summary>
    public async Task RetireAsync(UnitOfWork work, long citationId, long? documentId, string keyName, CancellationToken cancellationToken)
    {
        await work.ExecuteAsync(
            "UPDATE citations SET retired = 1, retired_at = @now WHERE id = @citationId",
            new { citationId, now = time.GetUtcNow() }, cancellationToken);
        await audit.RecordAsync(work, keyName, [AuditEntry.Of(citationId, documentId, AuditFields.Retired, false, true)], cancellationToken);
    }

    /// <summary>
    /// Brings the citation back when it is retired (it is cited again), inside the caller's unit of work; whether it was.
    /// </summary>
    public async Task<bool> RestoreIfRetiredAsync(UnitOfWork work, long citationId, long? documentId, string keyName, CancellationToken cancellationToken)
    {
        if (!await work.ScalarAsync<bool>("SELECT retired FROM citations WHERE id = @citationId", new { citationId }, cancellationToken))
        {
            return false;
        }

        await RestoreAsync(work, citationId, time.GetUtcNow(), cancellationToken);
        await audit.RecordAsync(work, keyName, [AuditEntry.Of(citationId, documentId, AuditFields.Retired, true, false)], cancellationToken);
        return true;
    }

    /// <summary>A citation's labels, in order.</summary>
    public static Task<List<string>> LabelsAsync(UnitOfWork work, long citationId, CancellationToken cancellationToken) =>
        work.QueryAsync<string>("SELECT label FROM citation_labels WHERE citation_id = @citationId ORDER BY label", new { citationId }, cancellationToken);

    /// <summary>Back in the lists, and due at the scheduler's next poll (unless paused).</summary>
    private static Task RestoreAsync(UnitOfWork work, long citationId, DateTimeOffset now, CancellationToken cancellationToken) =>
        work.ExecuteAsync(
            """
            UPDATE citations SET retired = 0, retired_at = NULL,
                next_check_at = CASE WHEN next_check_at > @now THEN @now ELSE next_check_at END
            WHERE id = @citationId
            """, new { citationId, now }, cancellationToken);

    /// <summary>
    /// When a citation is due under a new interval: its last check plus the interval (no sooner than now); a citation
    /// never checked stays due when it was.
    /// </summary>
    private DateTimeOffset NextCheckAt(LifeState state, TimeSpan? interval, DateTimeOffset now)
    {
        if (state.LastCheckedAt is not { } last)
        {
            return state.NextCheckAt;
        }

        var next = last + (interval ?? worker.Value.CheckInterval);
        return next < now ? now : next;
    }

    // Read to be written in the same unit: the row stays as read until it ends (another writer's edit waits).
    private static Task<LifeState?> StateAsync(UnitOfWork work, long citationId, CancellationToken cancellationToken) =>
        work.SingleOrDefaultAsync<LifeState>(
            """
            SELECT paused, retired, check_interval AS check_interval_seconds, last_checked_at, next_check_at
            FROM citations WHERE id = @citationId
            """ + work.Dialect.ForUpdate, new { citationId }, cancellationToken);
}
