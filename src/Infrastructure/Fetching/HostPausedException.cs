namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// No request may be sent to <see cref="Host"/> before <see cref="Until"/>: it asked for it with a long Retry-After
/// (<see cref="FetchReasons.RetryAfter"/>), or its circuit is open after repeated connection failures
/// (<see cref="FetchReasons.CircuitOpen"/>). A check that meets it is postponed, not recorded.
/// </summary>
public sealed class HostPausedException(string host, DateTimeOffset until, string reason)
    : Exception($"requests to {host} are paused until {until:O} ({reason})")
{
    public string Host { get; } = host;

    public DateTimeOffset Until { get; } = until;

    /// <summary><see cref="FetchReasons.RetryAfter"/> or <see cref="FetchReasons.CircuitOpen"/>.</summary>
    public string Reason { get; } = reason;
}

/// <summary>The one place that tells whether a host may be asked now.</summary>
internal static class HostPauses
{
    /// <exception cref="HostPausedException">The host is paused by a long Retry-After or its open circuit.</exception>
    public static void ThrowIfPaused(HostPacer pacer, HostCircuits circuits, string host)
    {
        if (pacer.PausedUntil(host) is { } pausedUntil)
        {
            throw new HostPausedException(HostPacer.KeyOf(host), pausedUntil, FetchReasons.RetryAfter);
        }

        if (circuits.OpenUntil(host) is { } openUntil)
        {
            throw new HostPausedException(HostPacer.KeyOf(host), openUntil, FetchReasons.CircuitOpen);
        }
    }
}
