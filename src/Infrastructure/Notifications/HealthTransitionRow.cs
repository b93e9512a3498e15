namespace CitationMonitor.Infrastructure.Notifications;

internal sealed class HealthTransitionRow
{
    public long Id { get; init; }
    public long CitationId { get; init; }
    public string FromHealth { get; init; } = "";
    public string ToHealth { get; init; } = "";
    public string At { get; init; } = "";
    public long? CheckId { get; init; }
    public string? Url { get; init; }
}
