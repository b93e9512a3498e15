using System.Collections.Concurrent;

namespace CitationMonitor.Infrastructure.Politeness;

/// <summary>
/// The probes of one process's life, kept in memory only: a run that writes nothing (the one-shot check) still asks
/// each origin for its not-found answer once, not once per cited page.
/// </summary>
internal sealed class MemoryHostProbeStore : IHostProbeStore
{
    private readonly ConcurrentDictionary<string, HostProbe> _probes = new(StringComparer.Ordinal);

    public Task<HostProbe?> GetAsync(string origin, CancellationToken cancellationToken) =>
        Task.FromResult(_probes.TryGetValue(origin, out var probe) ? probe : null);

    public Task SaveAsync(HostProbe probe, CancellationToken cancellationToken)
    {
        _probes[probe.Origin] = probe;
        return Task.CompletedTask;
    }
}
