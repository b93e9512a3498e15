using System.Diagnostics;
using System.Text.Json;
using CitationMonitor.Infrastructure;
using CitationMonitor.Infrastructure.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CitationMonitor.Sweep;

/// <summary>What the monitor process measured of itself, written when it stops.</summary>
internal sealed record MonitorMemory(
    long PeakWorkingSet,
    long PeakWorkingSetSampled,
    long PeakGcHeap,
    long PeakGcCommitted,
    long AllocatedBytes,
    int Gen0,
    int Gen1,
    int Gen2,
    TimeSpan GcPause,
    TimeSpan Cpu,
    int Samples);

/// <summary>
/// The monitor half of the sweep, run as a child process: the host src/Worker builds (settings file, logging, the shared
/// services, the Quartz scheduler with <c>DueCitationsJob</c>), plus a sampler of its own memory and a way to be told
/// to stop (a line on standard input), after which it writes <see cref="MonitorMemory"/> to <c>Sweep:StatsPath</c>.
/// </summary>
internal static class MonitorProcess
{
    public const string Command = "monitor";
    public const string StatsPathKey = "Sweep:StatsPath";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static int Run(string[] args)
    {
        // The same registration as src/Worker/Program.cs.
        var builder = Host.CreateApplicationBuilder(MonitorServiceCollectionExtensions.HostArguments(args));
        builder.Configuration.AddMonitorSettingsFile();
        builder.Services.AddMonitorLogging(builder.Configuration);
        builder.Services.AddMonitorCore();
        builder.Services.AddMonitorScheduler();

        var sampler = new MemorySampler();
        builder.Services.AddHostedService(_ => sampler);
        builder.Services.AddHostedService<StopOnInput>();
        var statsPath = builder.Configuration[StatsPathKey] ?? throw new InvalidOperationException($"{StatsPathKey} is not set");

        using var host = builder.Build();
        host.Run();
        File.WriteAllText(statsPath, JsonSerializer.Serialize(sampler.Result(), Json));
        return 0;
    }

    /// <summary>Samples the working set and the GC heap every 50 ms; the peaks are what the report shows.</summary>
    private sealed class MemorySampler : IHostedService, IDisposable
    {
        private readonly Lock _lock = new();
        private Timer? _timer;
        private long _peakWorkingSet;
        private long _peakGcHeap;
        private long _peakCommitted;
        private int _samples;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public MonitorMemory Result()
        {
            _timer?.Dispose();
            Sample();
            using var process = Process.GetCurrentProcess();
            lock (_lock)
            {
                return new MonitorMemory(
                    process.PeakWorkingSet64, _peakWorkingSet, _peakGcHeap, _peakCommitted, GC.GetTotalAllocatedBytes(),
                    GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(),
                    process.TotalProcessorTime, _samples);
            }
        }

        public void Dispose() => _timer?.Dispose();

        private void Sample()
        {
            var workingSet = Environment.WorkingSet;
            var heap = GC.GetTotalMemory(forceFullCollection: false);
            var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
            lock (_lock)
            {
                _peakWorkingSet = Math.Max(_peakWorkingSet, workingSet);
                _peakGcHeap = Math.Max(_peakGcHeap, heap);
                _peakCommitted = Math.Max(_peakCommitted, committed);
                _samples++;
            }
        }
    }

    /// <summary>Stops the host when a line (or the end) arrives on standard input.</summary>
    private sealed class StopOnInput(IHostApplicationLifetime lifetime) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                await Console.In.ReadLineAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lifetime.StopApplication();
        }
    }
}
