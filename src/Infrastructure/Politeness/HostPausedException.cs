using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Infrastructure.Politeness;

/// <summary>
/// No request may be sent to <see cref="Host"/> before <see cref="Until"/>: it asked for it with a long Retry-After
/// (<see cref="CheckReasons.RetryAfter"/>), or its circuit is open after repeated connection failures
/// (<see cref="CheckReasons.CircuitOpen"/>). A check that meets it is postponed, not recorded.
/// </summary>
public sealed class HostPausedException(string host, DateTimeOffset until, string reason)
    : Exception($"requests to {host} are paused until {until:O} ({reason})")
{
    public string Host { get; } = host;

    public DateTimeOffset Until { get; } = until;

    /// <summary><see cref="CheckReasons.RetryAfter"/>, <see cref="CheckReasons.CircuitOpen"/> or <see cref="CheckReasons.SharedTurnUnavailable"/>.</summary>
    public string Reason { get; } = reason;
}
