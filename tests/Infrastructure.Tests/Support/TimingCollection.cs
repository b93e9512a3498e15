namespace CitationMonitor.Infrastructure.Tests.Support;

/// <summary>
/// Tests that measure the time between requests run alone, after the parallel ones, so that other tests' load on the
/// machine does not move the arrivals they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
