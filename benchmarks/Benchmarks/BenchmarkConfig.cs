using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace CitationMonitor.Benchmarks;

/// <summary>
/// A job pinned to one core, since the target is stated per core. Each operation takes tens of milliseconds, so a
/// benchmark runs it only a few dozen times: the 40 warm-up iterations are what lets the JIT's tiering finish (with
/// 3, the measured iterations still ran partly unoptimized code and read two to three times slower). Background GC is
/// off: its collector thread exists to run on another core, and pinned to the measured core it only takes turns with
/// the code being measured. The large object heap threshold is the hosts' own (Directory.Build.targets), set here
/// through the environment because BenchmarkDotNet runs a project of its own generation.
/// </summary>
public sealed class BenchmarkConfig : ManualConfig
{
    public BenchmarkConfig()
    {
        AddJob(Job.Default
            .WithId("OneCore")
            .WithWarmupCount(40)
            .WithIterationCount(15)
            .WithAffinity(new IntPtr(1))
            .WithGcConcurrent(false)
            .WithEnvironmentVariable("DOTNET_GCLOHThreshold", "0x2000000")
            .WithToolchain(ProjectToolchain.Instance));
        AddColumn(StatisticColumn.Median);
    }
}
