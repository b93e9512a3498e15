using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using Dapper;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Notifications;

/// <summary>What a recorded check may have to notify: its citation's new health and, when it recorded a change, the change's snapshot.</summary>
internal sealed record CheckNotice(long CitationId, string Health, long CheckId, long? ChangeToSnapshotId, DateTimeOffset At);

/// <summary>
/// Writes health transitions and queues webhook deliveries, always inside the caller's transaction and before the
/// caller writes the citation's new health: what happened and what must be told about it commit together or not at all.
/// Only receivers subscribed to an event get a delivery; the dispatcher sends them later, so checks never wait on a receiver.
/// </summary>
internal sealed class NotificationRecorder(IOptions<WebhooksOptions> webhooks)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>For <c>CheckStore.RecordAsync</c>: the change event, then the health transition and its event.</summary>
    public async Task OnCheckAsync(DbConnection connection, DbTransaction transaction, CheckNotice notice, CancellationToken cancellationToken)
    {
        if (notice.ChangeToSnapshotId is { } toSnapshot)
        {
            await OnChangesAsync(connection, transaction, notice.CitationId, notice.Health, null, toSnapshot, notice.At, cancellationToken);
        }

        await OnHealthAsync(connection, transaction, notice.CitationId, notice.Health, notice.CheckId, notice.At, cancellationToken);
    }

    /// <summary>
    /// Queues a change event for each change recorded to <paramref name="toSnapshot"/> (only from
    /// <paramref name="fromSnapshot"/> when given), in the caller's transaction.
    /// </summary>
    public async Task OnChangesAsync(
        DbConnection connection, DbTransaction transaction, long citationId, string health, long? fromSnapshot, long toSnapshot,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (Subscribed(WebhookEvents.Change).Count == 0)
        {
            return;
        }

        // One check can record more than one change (its text, and the cited passage): each is an event.
        var changes = await connection.QueryAsync<ChangeFacts>(new CommandDefinition(
            """
            SELECT id, kind, inserted_words, deleted_words, similarity FROM changes
            WHERE citation_id = @citationId AND to_snapshot_id = @toSnapshot AND (@fromSnapshot IS NULL OR from_snapshot_id = @fromSnapshot)
            ORDER BY id
            """, new { citationId, toSnapshot, fromSnapshot }, transaction, cancellationToken: cancellationToken));
        foreach (var change in changes)
        {
            var citation = await CitationAsync(connection, transaction, citationId, cancellationToken);
            var payload = new Payload(
                WebhookEvents.Change, at, citation.ToPayload(health),
                Change: new ChangePayload(
                    change.Id, change.Kind, change.InsertedWords, change.DeletedWords, Math.Round(change.Similarity, 4),
                    string.Create(CultureInfo.InvariantCulture, $"/api/changes/{change.Id}/diff.html")));
            await EnqueueAsync(connection, transaction, payload, cancellationToken);
        }
    }

    /// <summary>
    /// Records a transition when <paramref name="health"/> differs from the citation's stored health (so this must run
    /// before the UPDATE that stores it), and queues the event the transition raises (<see cref="WebhookEvents.ForTransition"/>).
    /// </summary>
    public async Task OnHealthAsync(
        DbConnection connection, DbTransaction transaction, long citationId, string health, long? checkId, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var citation = await CitationAsync(connection, transaction, citationId, cancellationToken);
        if (citation.Health == health)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO health_transitions (citation_id, from_health, to_health, at, check_id)
            VALUES (@citationId, @from, @health, @at, @checkId)
            """, new { citationId, from = citation.Health, health, at = DbTime.ToDb(at), checkId }, transaction,
            cancellationToken: cancellationToken));

        if (WebhookEvents.ForTransition(citation.Health, health) is { } @event)
        {
            var payload = new Payload(@event, at, citation.ToPayload(health), Transition: new TransitionPayload(citation.Health, health, checkId));
            await EnqueueAsync(connection, transaction, payload, cancellationToken);
        }
    }

    private List<WebhookOptions> Subscribed(string @event) => [.. webhooks.Value.Hooks.Where(h => h.Events.Contains(@event))];

    private async Task EnqueueAsync(DbConnection connection, DbTransaction transaction, Payload payload, CancellationToken cancellationToken)
    {
        var hooks = Subscribed(payload.Event);
        if (hooks.Count == 0)
        {
            return;
        }

        var body = JsonSerializer.Serialize(payload, Json);
        var now = DbTime.ToDb(payload.OccurredAt);
        foreach (var hook in hooks)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO webhook_deliveries (event, payload, target_url, attempts, next_attempt_at, created_at)
                VALUES (@Event, @body, @Url, 0, @now, @now)
                """, new { payload.Event, body, hook.Url, now }, transaction, cancellationToken: cancellationToken));
        }
    }

    private static Task<CitationFacts> CitationAsync(DbConnection connection, DbTransaction transaction, long id, CancellationToken cancellationToken) =>
        connection.QuerySingleAsync<CitationFacts>(new CommandDefinition(
            "SELECT id, url, normalized_url, health FROM citations WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));

    private sealed class CitationFacts
    {
        public long Id { get; init; }
        public string Url { get; init; } = "";
        public string NormalizedUrl { get; init; } = "";
        public string Health { get; init; } = "";

        public CitationPayload ToPayload(string health) => new(Id, Url, NormalizedUrl, health);
    }

    private sealed class ChangeFacts
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public int InsertedWords { get; init; }
        public int DeletedWords { get; init; }
        public double Similarity { get; init; }
    }

    private sealed record Payload(
        string Event, DateTimeOffset OccurredAt, CitationPayload Citation, ChangePayload? Change = null, TransitionPayload? Transition = null);

    private sealed record CitationPayload(long Id, string Url, string NormalizedUrl, string Health);

    private sealed record ChangePayload(long Id, string Kind, int InsertedWords, int DeletedWords, double Similarity, string DiffUrl);

    private sealed record TransitionPayload(string From, string To, long? CheckId);
}
