using CitationMonitor.Domain.Citations;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Citations;

/// <summary>
/// Health moves with time as well as with checks: a run of failures that reaches <c>BrokenAfter</c> between two checks
/// makes the citation broken now, not at its next check. Each one promoted gets its health transition (without a
/// check) and its <c>broken</c> webhook deliveries in the same transaction.
/// </summary>
internal sealed class OverdueBrokenCitations(
    IDbConnectionFactory connections, CitationStore citations, NotificationRecorder notifications, TimeProvider time)
{
    /// <summary>Makes every overdue citation broken; returns how many.</summary>
    public async Task<int> PromoteAsync(HealthPolicy policy, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await connections.BeginAsync(cancellationToken);
        var overdue = await citations.OverdueBrokenAsync(work, policy, now, cancellationToken);
        if (overdue.Count == 0)
        {
            return 0;
        }

        foreach (var id in overdue)
        {
            await notifications.OnHealthAsync(work, id, CitationHealth.Broken, null, now, cancellationToken);
        }

        var promoted = await citations.MarkBrokenAsync(work, overdue, cancellationToken);
        await work.CommitAsync(cancellationToken);
        return promoted;
    }
}
