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
    int Samples,
    long JitMethods = 0,
    TimeSpan JitTime = default,
    IReadOnlyDictionary<string, long>? AllocatedByType = null)
{
    /// <summary>
    /// What the process did since <paramref name="earlier"/>, a snapshot of its own: the counted figures less those
    /// counted then; the peaks as they are (the snapshot started them again).
    /// </summary>
    public MonitorMemory Since(MonitorMemory earlier) => this with
    {
        AllocatedBytes = AllocatedBytes - earlier.AllocatedBytes,
        Gen0 = Gen0 - earlier.Gen0,
        Gen1 = Gen1 - earlier.Gen1,
        Gen2 = Gen2 - earlier.Gen2,
        GcPause = GcPause - earlier.GcPause,
        Cpu = Cpu - earlier.Cpu,
        JitMethods = JitMethods - earlier.JitMethods,
        JitTime = JitTime - earlier.JitTime,
    };
}

/// <summary>
/// The monitor half of the sweep, run as a child process: the host src/Worker builds (settings file, logging, the shared
/// services, the Quartz scheduler with <c>DueCitationsJob</c>), plus a sampler of its own memory and a way to be told
/// to stop (<c>stop</c>, or the end of standard input), after which it writes <see cref="MonitorMemory"/> to
/// <c>Sweep:StatsPath</c>. A line <c>stats PATH</c> writes the figures so far to PATH and starts the peaks again: the
/// parent measures a sweep run by a process that has already swept.
/// </summary>
internal static class MonitorProcess
{
    public const string Command = "monitor";
    public const string StatsPathKey = "Sweep:StatsPath";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static int Run(string[] args)
    {
        // The same registration as src/Worker/Program.cs.
        CitationMonitor.Infrastructure.Hosting.NativeHeap.Tune();
        var builder = Host.CreateApplicationBuilder(MonitorServiceCollectionExtensions.HostArguments(args));
        builder.Configuration.AddMonitorSettingsFile();
        builder.Services.AddMonitorLogging(builder.Configuration);
        builder.Services.AddMonitorCore();
        builder.Services.AddMonitorScheduler(builder.Configuration);

        // SWEEP_ALLOCATIONS=1 in the environment counts the allocations by type (a diagnosis, not for the figures: the
        // runtime's events cost time of their own).
        var sampler = new MemorySampler(Environment.GetEnvironmentVariable("SWEEP_ALLOCATIONS") == "1" ? new AllocationSampler() : null);
        builder.Services.AddHostedService(_ => sampler);
        builder.Services.AddHostedService(services => new StopOnInput(services.GetRequiredService<IHostApplicationLifetime>(), sampler));
        var statsPath = builder.Configuration[StatsPathKey] ?? throw new InvalidOperationException($"{StatsPathKey} is not set");

        using var host = builder.Build();
        host.Run();
        File.WriteAllText(statsPath, JsonSerializer.Serialize(sampler.Result(), Json));
        return 0;
    }

    /// <summary>
    /// Starts this program again as a monitor process in <paramref name="folder"/> with <paramref name="settings"/>
    /// (<c>--Key=value</c>), its standard output and error going to <paramref name="logPath"/>; standard input stays
    /// open for <c>stats PATH</c> and <c>stop</c>.
    /// </summary>
    public static Process Start(string folder, IEnumerable<string> settings, string logPath)
    {
        var start = new ProcessStartInfo
        {
            FileName = Environment.ProcessPath!,
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(MonitorProcess).Assembly.Location);
        }

        start.ArgumentList.Add(Command);
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        var output = new StreamWriter(logPath) { AutoFlush = false };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var gate = new Lock();
        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (gate)
            {
                output.WriteLine(line);
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Exited += (_, _) =>
        {
            // Let the last lines arrive, then close the log.
            process.WaitForExit();
            lock (gate)
            {
                output.Dispose();
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>
    /// The figures <paramref name="monitor"/> writes to <paramref name="path"/> (when asked for them, or when it stops),
    /// waited for at most a minute.
    /// </summary>
    public static async Task<MonitorMemory> ReadFiguresAsync(string path, Process monitor)
    {
        var waited = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(1) || (monitor.HasExited && !File.Exists(path)))
            {
                throw new InvalidOperationException($"the monitor process wrote no figures to {path}");
            }

            await Task.Delay(50);
        }

        return JsonSerializer.Deserialize<MonitorMemory>(await File.ReadAllTextAsync(path), Json)!;
    }

    /// <summary>Samples the working set and the GC heap every 50 ms; the peaks are what the report shows.</summary>
    private sealed class MemorySampler(AllocationSampler? allocations) : IHostedService, IDisposable
    {
        private readonly Lock _lock = new();
        private Timer? _timer;
        private long _peakWorkingSet;
        private long _peakGcHeap;
        private long _peakCommitted;
        private int _samples;
        private int _samplesSinceStart;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public MonitorMemory Result()
        {
            _timer?.Dispose();
            return Snapshot(reset: false);
        }

        /// <summary>The figures so far; with <paramref name="reset"/>, the peaks start again from now.</summary>
        public MonitorMemory Snapshot(bool reset)
        {
            Sample();
            using var process = Process.GetCurrentProcess();
            lock (_lock)
            {
                // The process's own peak cannot be reset: after a reset the sampled peak stands for it.
                var result = new MonitorMemory(
                    _samplesSinceStart == _samples ? process.PeakWorkingSet64 : _peakWorkingSet, _peakWorkingSet, _peakGcHeap, _peakCommitted, GC.GetTotalAllocatedBytes(),
                    GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(),
                    process.TotalProcessorTime, _samples,
                    System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime(), allocations?.Top(25));
                if (reset)
                {
                    allocations?.Reset();
                    _peakWorkingSet = _peakGcHeap = _peakCommitted = 0;
                    _samples = 0;
                }

                return result;
            }
        }

        public void Dispose()
        {
            _timer?.Dispose();
            allocations?.Dispose();
        }

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
                _samplesSinceStart++;
            }
        }
    }

    /// <summary>
    /// Stops the host when <c>stop</c> (or the end) arrives on standard input; <c>stats PATH</c> writes the figures so far
    /// there and starts the peaks again.
    /// </summary>
    private sealed class StopOnInput(IHostApplicationLifetime lifetime, MemorySampler sampler) : BackgroundService
    {
        public const string Stats = "stats ";

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                while (await Console.In.ReadLineAsync(stoppingToken) is { } line && line.StartsWith(Stats, StringComparison.Ordinal))
                {
                    var path = line[Stats.Length..];
                    await File.WriteAllTextAsync(path + ".part", JsonSerializer.Serialize(sampler.Snapshot(reset: true), Json), stoppingToken);
                    File.Move(path + ".part", path, overwrite: true);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            lifetime.StopApplication();
        }
    }
}
