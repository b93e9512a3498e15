using System.Diagnostics;

namespace CitationMonitor.Sweep;

/// <summary>One sweep of one configuration of the workers mode.</summary>
internal sealed record WorkersResult(
    string Engine,
    int Workers,
    int Sweep,
    int Checks,
    TimeSpan Wall,
    IReadOnlyDictionary<string, int> Statuses,
    int NotModified,
    TimeSpan MedianCheck,
    TimeSpan P95Check,
    IReadOnlyList<MonitorMemory> Memory,
    long SizeBefore,
    long SizeAfter,
    ServerCounters? Counters,
    TimeSpan ServerCpu,
    double MeanAdvisoryWaiting,
    double MeanLockWaiting,
    double ShareWithAdvisoryWaiting,
    IReadOnlyList<SiteTraffic> Traffic,
    int ProcessorCount,
    string LoadAtStart,
    string LoadAtEnd)
{
    public double ChecksPerSecond => Checks / Wall.TotalSeconds;
}

/// <summary>
/// The sweep with several worker processes on one database: the citations registered as the sweep does, N monitor
/// processes started at once over the same database, every citation checked (sweep 1, all new), then made due again and
/// checked again by the same processes (sweep 2: the same pages, a few changed or gone, 304s from the validator
/// sites). Measures the wall time of each sweep from the database's own check times, each process's memory, the
/// server's counters and the sessions waiting on locks (sampled every 250 ms).
/// </summary>
internal sealed class WorkersRunner(WorkersSettings settings, IFakeWeb farm, string folder, TextWriter log)
{
    private static readonly TimeSpan Stall = TimeSpan.FromMinutes(3);

    public async Task<IReadOnlyList<WorkersResult>> RunAsync(WorkersDatabase database, int workers)
    {
        var name = $"{database.Engine.ToLowerInvariant()}-w{workers}";
        await SweepRunner.RegisterAsync(settings.Sweep, farm, database.Settings);
        var processes = new List<(Process Process, string FinalStats)>();
        var results = new List<WorkersResult>();
        try
        {
            await farm.SetGenerationAsync(1);
            IReadOnlyList<MonitorMemory>? snapshot = null;
            for (var sweep = 1; sweep <= 2; sweep++)
            {
                if (sweep > 1)
                {
                    await farm.SetGenerationAsync(sweep);
                }

                // Read before the sweep starts: sweep 1's workers are started, sweep 2's citations made due, once the
                // figures are taken, so that no check escapes them. Sweep 2's setup (one row updated per citation) is
                // taken off the rows counted below; its write-ahead log is not told apart.
                var lastCheckId = await database.ScalarAsync("SELECT COALESCE(MAX(id), 0) FROM checks");
                var sizeBefore = await database.SizeAsync();
                var countersBefore = await database.CountersAsync();
                var serverCpuBefore = ProcFs.CpuOfAll("postgres");
                if (sweep == 1)
                {
                    for (var w = 1; w <= workers; w++)
                    {
                        var finalStats = Path.Combine(folder, $"{name}-worker{w}.exit.json");
                        File.Delete(finalStats);
                        processes.Add((MonitorProcess.Start(folder, Arguments(database, finalStats), Path.Combine(folder, $"{name}-worker{w}.log")), finalStats));
                    }
                }
                else
                {
                    await database.MakeAllDueAsync();
                }

                farm.ResetRecording();
                var loadAtStart = SweepRunner.LoadAverage();
                log.WriteLine($"  {database.Engine}, {workers} worker(s), sweep {sweep}: started, load average {loadAtStart}");
                var waiting = await WaitForSweepAsync(database, sweep, processes.Select(p => p.Process).ToList());

                IReadOnlyList<MonitorMemory> memory;
                if (sweep == 1)
                {
                    memory = await Task.WhenAll(processes.Select((p, i) => AskStatsAsync(p.Process, Path.Combine(folder, $"{name}-worker{i + 1}.s1.json"))));
                    snapshot = memory;
                }
                else
                {
                    memory = await Task.WhenAll(processes.Select(p => StopAsync(p.Process, p.FinalStats)));
                    memory = [.. memory.Select((m, i) => m.Since(snapshot![i]))];
                }

                // The backends flush their statistics at most once a second: let the last of them arrive.
                await Task.Delay(TimeSpan.FromSeconds(2));
                var counters = await database.CountersAsync();
                if (sweep > 1 && counters is not null)
                {
                    counters = counters with { Updated = counters.Updated - settings.Sweep.Citations };
                }

                var serverCpu = counters is null ? TimeSpan.Zero : ProcFs.CpuOfAll("postgres") - serverCpuBefore;
                var checks = await database.ChecksSinceAsync(lastCheckId);
                var first = checks.Min(c => c.StartedAt);
                var last = checks.Max(c => c.StartedAt.AddMilliseconds(c.DurationMs));
                var durations = checks.Select(c => c.DurationMs).Order().ToArray();
                var result = new WorkersResult(
                    database.Engine, workers, sweep, checks.Count, last - first,
                    checks.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Count()),
                    checks.Count(c => c.NotModified),
                    TimeSpan.FromMilliseconds(Percentile(durations, 0.5)), TimeSpan.FromMilliseconds(Percentile(durations, 0.95)),
                    memory, sizeBefore, await database.SizeAsync(),
                    counters is null || countersBefore is null ? null : counters.Since(countersBefore),
                    serverCpu,
                    waiting.Advisory, waiting.AnyLock, waiting.ShareAdvisory,
                    farm.Traffic(), Environment.ProcessorCount, loadAtStart, SweepRunner.LoadAverage());
                log.WriteLine(FormattableString.Invariant(
                    $"  {database.Engine}, {workers} worker(s), sweep {sweep}: {result.Checks} checks in {result.Wall.TotalSeconds:F1} s ({result.ChecksPerSecond:F1}/s), load average {result.LoadAtEnd}"));
                results.Add(result);
            }
        }
        finally
        {
            foreach (var (process, _) in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                process.Dispose();
            }
        }

        return results;
    }

    private IEnumerable<string> Arguments(WorkersDatabase database, string statsPath)
    {
        foreach (var (key, value) in database.Settings)
        {
            yield return $"--{key}={value}";
        }

        yield return "--Monitor:SeedDefaultCitations=false";
        yield return "--Monitor:Fetch:AllowPrivateNetworks=true";
        // Loopback only: no web archive is asked.
        yield return "--Monitor:Archive:Enabled=false";
        yield return FormattableString.Invariant($"--Monitor:Fetch:PerHostDelay={settings.Sweep.PerHostDelay:c}");
        yield return FormattableString.Invariant($"--Monitor:Worker:MaxConcurrency={settings.MaxConcurrency}");
        yield return FormattableString.Invariant($"--Monitor:Worker:MaxConcurrencyPerHost={settings.Sweep.MaxConcurrencyPerHost}");
        yield return "--Monitor:Worker:PollInterval=00:00:01";
        yield return $"--{MonitorProcess.StatsPathKey}={statsPath}";
    }

    /// <summary>Waits until every citation has <paramref name="sweep"/> checks, sampling the sessions waiting on locks meanwhile.</summary>
    private async Task<(double Advisory, double AnyLock, double ShareAdvisory)> WaitForSweepAsync(WorkersDatabase database, int sweep, IReadOnlyList<Process> workers)
    {
        var done = -1L;
        var progressAt = Stopwatch.GetTimestamp();
        var reportedAt = Stopwatch.GetTimestamp();
        long samples = 0, advisory = 0, anyLock = 0, withAdvisory = 0;
        while (true)
        {
            await Task.Delay(250);
            if (workers.FirstOrDefault(w => w.HasExited) is { } ended)
            {
                throw new InvalidOperationException($"a worker process ended early with exit code {ended.ExitCode}; see its log in {folder}");
            }

            var (waitingAdvisory, waitingAny) = await database.WaitingAsync();
            samples++;
            advisory += waitingAdvisory;
            anyLock += waitingAny;
            withAdvisory += waitingAdvisory > 0 ? 1 : 0;

            var now = await database.ScalarAsync($"SELECT COUNT(*) FROM citations WHERE check_count >= {sweep}");
            if (now >= settings.Sweep.Citations)
            {
                return ((double)advisory / samples, (double)anyLock / samples, (double)withAdvisory / samples);
            }

            if (now != done)
            {
                done = now;
                progressAt = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(progressAt) > Stall)
            {
                throw new TimeoutException($"no check recorded for {Stall.TotalMinutes} minutes ({done} of {settings.Sweep.Citations} checked)");
            }

            if (Stopwatch.GetElapsedTime(reportedAt) > TimeSpan.FromSeconds(15))
            {
                reportedAt = Stopwatch.GetTimestamp();
                log.WriteLine($"    {done} of {settings.Sweep.Citations} checked");
            }
        }
    }

    private static async Task<MonitorMemory> AskStatsAsync(Process worker, string path)
    {
        File.Delete(path);
        await worker.StandardInput.WriteLineAsync($"stats {path}");
        await worker.StandardInput.FlushAsync();
        return await MonitorProcess.ReadFiguresAsync(path, worker);
    }

    private static async Task<MonitorMemory> StopAsync(Process worker, string finalStats)
    {
        await worker.StandardInput.WriteLineAsync("stop");
        await worker.StandardInput.FlushAsync();
        using var exit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await worker.WaitForExitAsync(exit.Token);
        if (worker.ExitCode != 0)
        {
            throw new InvalidOperationException($"a worker process ended with exit code {worker.ExitCode}");
        }

        return await MonitorProcess.ReadFiguresAsync(finalStats, worker);
    }

    private static long Percentile(long[] sorted, double share) =>
        sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(share * sorted.Length))];
}

/// <summary>The workers mode from its settings to its tables.</summary>
internal static class WorkersCommand
{
    public static async Task<int> RunAsync(WorkersSettings settings, TextWriter log)
    {
        var sweep = settings.Sweep;
        var folder = sweep.WorkFolder ?? Path.Combine(Path.GetTempPath(), $"citation-workers-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        log.WriteLine($"Workers: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; work folder {folder}");
        var pages = new SitePages(sweep.Hosts, (sweep.Citations + sweep.Hosts - 1) / sweep.Hosts, sweep.MissingShare, sweep.ChangedShare, sweep.RedirectedShare);
        var results = new List<WorkersResult>();
        await using (var farm = await FakeWeb.StartAsync(sweep.Web, pages, folder, log))
        {
            var runner = new WorkersRunner(settings, farm, folder, log);
            if (settings.Sqlite)
            {
                var path = Path.Combine(folder, "sqlite-w1.db");
                await using var sqlite = WorkersDatabase.Sqlite(path);
                results.AddRange(await runner.RunAsync(sqlite, 1));
            }

            foreach (var workers in settings.Workers)
            {
                await using var postgres = await WorkersDatabase.PostgresAsync(settings.Connection!, $"bench_workers_{workers}", sweep.Keep);
                results.AddRange(await runner.RunAsync(postgres, workers));
            }
        }

        log.WriteLine();
        log.WriteLine(WorkersReport.Render(settings, results));
        if (!sweep.Keep && sweep.WorkFolder is null)
        {
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }
}
