using CitationMonitor.Domain.Citations;

namespace CitationMonitor.Infrastructure.Notifications;

internal sealed class HealthTransitionRow
{
    public long Id { get; init; }
    public long CitationId { get; init; }
    public CitationHealth FromHealth { get; init; }
    public CitationHealth ToHealth { get; init; }
    public DateTimeOffset At { get; init; }
    public long? CheckId { get; init; }
    public string? Url { get; init; }
}
