namespace CitationMonitor.Domain.Mementos;

/// <summary>
/// One archived state of a source (RFC 7089 "Memento"): its datetime, to the second, and where it can be read.
/// </summary>
/// <param name="Datetime">When the state was captured, in UTC, truncated to the second.</param>
/// <param name="Uri">Where the memento is served: this monitor's memento URL or a web archive's.</param>
/// <param name="SnapshotId">The snapshot behind a memento this monitor serves; null for a web archive's memento.</param>
public sealed record Memento(DateTimeOffset Datetime, string Uri, long? SnapshotId);
