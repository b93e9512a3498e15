using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Infrastructure.Politeness;

/// <summary>
/// The one place that tells whether a host may be asked now: not while it is paused by a long Retry-After
/// (<see cref="HostPacer"/>), nor while its circuit is open after repeated connection failures (<see cref="HostCircuits"/>).
/// </summary>
internal sealed class HostPauses(HostPacer pacer, HostCircuits circuits)
{
    /// <summary>How many hosts this process holds off now, by a long Retry-After or an open circuit.</summary>
    public long PausedCount() => pacer.PausedHosts().Union(circuits.OpenHosts(), StringComparer.Ordinal).LongCount();

    /// <exception cref="HostPausedException">The host is paused by a long Retry-After or its open circuit.</exception>
    public void ThrowIfPaused(string host)
    {
        if (pacer.PausedUntil(host) is { } pausedUntil)
        {
            throw new HostPausedException(HostPacer.KeyOf(host), pausedUntil, CheckReasons.RetryAfter);
        }

        if (circuits.OpenUntil(host) is { } openUntil)
        {
            throw new HostPausedException(HostPacer.KeyOf(host), openUntil, CheckReasons.CircuitOpen);
        }
    }
}
