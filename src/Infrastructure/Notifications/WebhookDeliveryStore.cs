using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Notifications;

/// <summary>A delivery of the webhook outbox that is due: what to send, where, and how often it was tried.</summary>
internal sealed class DueDelivery
{
    public long Id { get; init; }
    public string Event { get; init; } = "";
    public string Payload { get; init; } = "";
    public string TargetUrl { get; init; } = "";
    public int Attempts { get; init; }
}

/// <summary>The webhook outbox: deliveries queued with what raised them, claimed and sent later by the dispatcher.</summary>
internal sealed class WebhookDeliveryStore(IDbConnectionFactory connections)
{
    /// <summary>Queues one delivery, inside the caller's transaction, due at once.</summary>
    public Task EnqueueAsync(
        UnitOfWork work, string @event, string payload, string targetUrl, DateTimeOffset at, CancellationToken cancellationToken) =>
        work.ExecuteAsync(
            """
            INSERT INTO webhook_deliveries (event, payload, target_url, attempts, next_attempt_at, created_at)
            VALUES (@event, @payload, @targetUrl, 0, @at, @at)
            """, new { @event, payload, targetUrl, at }, cancellationToken);

    /// <summary>
    /// Up to <paramref name="limit"/> deliveries due at <paramref name="now"/>, each moved to
    /// <paramref name="claimedUntil"/> first so that no other dispatcher takes it meanwhile.
    /// </summary>
    public async Task<List<DueDelivery>> ClaimDueAsync(
        DateTimeOffset now, DateTimeOffset claimedUntil, int limit, CancellationToken cancellationToken)
    {
        await using var work = await connections.BeginAsync(cancellationToken);
        var due = await work.QueryAsync<DueDelivery>(
            """
            SELECT id, event, payload, target_url, attempts FROM webhook_deliveries
            WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= @now
            ORDER BY next_attempt_at, id LIMIT @limit
            """ + work.Dialect.ForUpdateSkipLocked, new { now, limit }, cancellationToken);
        if (due.Count > 0)
        {
            await work.ExecuteAsync(
                $"UPDATE webhook_deliveries SET next_attempt_at = @claimedUntil WHERE {work.Dialect.InList("id", "@ids")}",
                new { claimedUntil, ids = work.Dialect.Ids(due.Select(d => d.Id)) }, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        return due;
    }

    /// <summary>
    /// Records an attempt: delivered at <paramref name="deliveredAt"/>, or failed with <paramref name="error"/> and due
    /// again at <paramref name="nextAttemptAt"/> (null: given up).
    /// </summary>
    public async Task FinishAsync(
        long id, int attempts, DateTimeOffset? nextAttemptAt, DateTimeOffset? deliveredAt, string? error, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        await work.ExecuteAsync(
            """
            UPDATE webhook_deliveries SET attempts = @attempts, next_attempt_at = @nextAttemptAt, delivered_at = @deliveredAt, last_error = @error
            WHERE id = @id
            """, new { id, attempts, nextAttemptAt, deliveredAt, error }, cancellationToken);
    }
}
