using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace CitationMonitor.Benchmarks;

/// <summary>
/// A short job pinned to one core: the target is stated per core, and on a 2-core machine the default job
/// (15+ iterations, more warm-up) takes far longer without changing the medians much.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default
            .WithId("OneCore")
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithAffinity(new IntPtr(1))
            .WithToolchain(ProjectToolchain.Instance));
        AddColumn(StatisticColumn.Median);
    }
}
