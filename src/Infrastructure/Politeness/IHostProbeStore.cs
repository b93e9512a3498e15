namespace CitationMonitor.Infrastructure.Politeness;

/// <summary>
/// Where the last probe of each origin is kept between checks (see <see cref="HostProbes"/>): the database
/// (<see cref="HostProbeStore"/>) for the monitor, memory (<see cref="MemoryHostProbeStore"/>) for a run that keeps
/// nothing.
/// </summary>
internal interface IHostProbeStore
{
    Task<HostProbe?> GetAsync(string origin, CancellationToken cancellationToken);

    /// <summary>Keeps <paramref name="probe"/> as its origin's probe, replacing the one before.</summary>
    Task SaveAsync(HostProbe probe, CancellationToken cancellationToken);
}
