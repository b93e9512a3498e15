using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Notifications;

/// <summary>What a recorded check may have to notify: its citation's new health and, when it recorded a change, the change's snapshot.</summary>
internal sealed record CheckNotice(long CitationId, CitationHealth Health, long CheckId, long? ChangeToSnapshotId, DateTimeOffset At);

/// <summary>
/// Writes health transitions and queues webhook deliveries, always inside the caller's unit of work and before the
/// caller writes the citation's new health: what happened and what must be told about it commit together or not at all.
/// Only receivers subscribed to an event get a delivery; the dispatcher sends them later, so checks never wait on a receiver.
/// </summary>
internal sealed class NotificationRecorder(
    IOptions<WebhooksOptions> webhooks,
    CitationStore citations,
    ChangeStore changes,
    HealthTransitionStore transitions,
    WebhookDeliveryStore deliveries)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>For a recorded check: the change events, then the health transition and its event.</summary>
    public async Task OnCheckAsync(UnitOfWork work, CheckNotice notice, CancellationToken cancellationToken)
    {
        if (notice.ChangeToSnapshotId is { } toSnapshot)
        {
            await OnChangesAsync(work, notice.CitationId, notice.Health, null, toSnapshot, notice.At, cancellationToken);
        }

        await OnHealthAsync(work, notice.CitationId, notice.Health, notice.CheckId, notice.At, cancellationToken);
    }

    /// <summary>
    /// Queues a change event for each change recorded to <paramref name="toSnapshot"/> (only from
    /// <paramref name="fromSnapshot"/> when given), in the caller's unit of work.
    /// </summary>
    public async Task OnChangesAsync(
        UnitOfWork work, long citationId, CitationHealth health, long? fromSnapshot, long toSnapshot, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        if (Subscribed(WebhookEvents.Change).Count == 0)
        {
            return;
        }

        // One check can record more than one change (its text, and the cited passage): each is an event.
        foreach (var change in await changes.RecordedToAsync(work, citationId, toSnapshot, fromSnapshot, cancellationToken))
        {
            var citation = await citations.IdentityAsync(work, citationId, cancellationToken);
            var payload = new Payload(
                WebhookEvents.Change, at, CitationPayload.Of(citation, health),
                Change: new ChangePayload(
                    change.Id, change.Kind, change.InsertedWords, change.DeletedWords, Math.Round(change.Similarity, 4),
                    string.Create(CultureInfo.InvariantCulture, $"/api/changes/{change.Id}/diff.html"), change.DocumentId,
                    change.FromQuoteStatus, change.ToQuoteStatus));
            await EnqueueAsync(work, payload, cancellationToken);
        }
    }

    /// <summary>
    /// Records a transition when <paramref name="health"/> differs from the citation's stored health (so this must run
    /// before the write that stores it), and queues the event the transition raises (<see cref="WebhookEvents.ForTransition"/>).
    /// </summary>
    public async Task OnHealthAsync(
        UnitOfWork work, long citationId, CitationHealth health, long? checkId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var citation = await citations.IdentityAsync(work, citationId, cancellationToken);
        if (citation.Health == health)
        {
            return;
        }

        await transitions.InsertAsync(work, citationId, citation.Health, health, at, checkId, cancellationToken);
        if (WebhookEvents.ForTransition(citation.Health, health) is { } @event)
        {
            var payload = new Payload(
                @event, at, CitationPayload.Of(citation, health), Transition: new TransitionPayload(citation.Health, health, checkId));
            await EnqueueAsync(work, payload, cancellationToken);
        }
    }

    private List<WebhookOptions> Subscribed(string @event) => [.. webhooks.Value.Hooks.Where(h => h.Events.Contains(@event))];

    private async Task EnqueueAsync(UnitOfWork work, Payload payload, CancellationToken cancellationToken)
    {
        var hooks = Subscribed(payload.Event);
        if (hooks.Count == 0)
        {
            return;
        }

        var body = JsonSerializer.Serialize(payload, Json);
        foreach (var hook in hooks)
        {
            await deliveries.EnqueueAsync(work, payload.Event, body, hook.Url, payload.OccurredAt, cancellationToken);
        }
    }

    private sealed record Payload(
        string Event, DateTimeOffset OccurredAt, CitationPayload Citation, ChangePayload? Change = null, TransitionPayload? Transition = null);

    private sealed record CitationPayload(long Id, string Url, string NormalizedUrl, CitationHealth Health)
    {
        public static CitationPayload Of(CitationIdentity citation, CitationHealth health) =>
            new(citation.Id, citation.Url, citation.NormalizedUrl, health);
    }

    /// <summary>
    /// A change; for a change of kind quote, <see cref="DocumentId"/> names the document whose passage it is about, and the
    /// two statuses the passage's move (e.g. from found to missing).
    /// </summary>
    private sealed record ChangePayload(
        long Id, ChangeKind Kind, int InsertedWords, int DeletedWords, double Similarity, string DiffUrl, long? DocumentId,
        QuoteStatus? FromQuoteStatus, QuoteStatus? ToQuoteStatus);

    /// <summary>A transition; <see cref="CheckId"/> is written even when null (time alone made the source broken).</summary>
    private sealed record TransitionPayload(
        CitationHealth From, CitationHealth To, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? CheckId);
}
