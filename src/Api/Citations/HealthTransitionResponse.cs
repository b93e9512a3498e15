using CitationMonitor.Domain.Citations;
using CitationMonitor.Infrastructure.Notifications;

namespace CitationMonitor.Api.Citations;

/// <summary>One change of a citation's health; <c>checkId</c> is null when time alone made it broken.</summary>
public sealed record HealthTransitionResponse(long Id, CitationHealth From, CitationHealth To, DateTimeOffset At, long? CheckId);

internal static class HealthTransitionMapping
{
    public static HealthTransitionResponse ToResponse(this HealthTransitionRow row) => new(
        row.Id, row.FromHealth, row.ToHealth, row.At, row.CheckId);
}
