using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CitationMonitor.Sweep;

/// <summary>The command line of a load run.</summary>
internal sealed record LoadSettings(int Citations, int Hosts, int Clients, TimeSpan Duration)
{
    public const string Usage =
        """
        Load: the real API with its scheduler sweeping --citations pages of --hosts local sites, while --clients concurrent
        API clients read for --duration; reports requests served, errors (must be 0), latency percentiles and the checks
        the sweep completed meanwhile. Exit code 1 when any request failed or no check was recorded.

          load [--citations N] [--hosts N] [--clients N] [--duration SECONDS]    (defaults 5000, 50, 50, 30)
        """;

    public static LoadSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new LoadSettings(5_000, 50, 50, TimeSpan.FromSeconds(30));
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            var n = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                ? parsed
                : throw new ArgumentException($"{name} must be a positive integer");
            settings = name switch
            {
                "--citations" => settings with { Citations = n },
                "--hosts" => settings with { Hosts = Math.Min(n, 200) },
                "--clients" => settings with { Clients = n },
                "--duration" => settings with { Duration = TimeSpan.FromSeconds(n) },
                _ => throw new ArgumentException($"unknown switch {name}"),
            };
        }

        return settings;
    }
}

/// <summary>
/// Reads under writes: the built API (src/Api, same configuration as this program) runs as a child process with its
/// scheduler checking every citation of the local sites as fast as it can (no per-host delay, a check interval of one
/// second so the sweep never stops writing), while many clients read every kind of resource at once. Loopback only.
/// </summary>
internal static class LoadRunner
{
    public static async Task<int> RunAsync(LoadSettings settings, string folder, TextWriter log)
    {
        var pages = new SitePages(settings.Hosts, (settings.Citations + settings.Hosts - 1) / settings.Hosts, 0.01, 0.5);
        await using var farm = await SiteFarm.StartAsync(pages);
        var database = Path.Combine(folder, "load.db");
        var sweep = new SweepSettings { Citations = settings.Citations, Hosts = settings.Hosts };
        await new SweepRunner(sweep, farm, folder, log).RegisterAsync(database);
        log.WriteLine($"{settings.Citations:N0} citations on {settings.Hosts} sites registered; starting the API");

        var port = FreePort();
        using var api = StartApi(database, port, folder);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await WaitHealthyAsync(client, api);

        var checksBefore = await CountChecksAsync(database);
        var urls = Enumerable.Range(0, 50).Select(i => farm.Url(i % settings.Hosts, i / settings.Hosts)).ToArray();
        var documents = (settings.Citations + 99) / 100;
        var latencies = new ConcurrentBag<double>();
        var failures = new ConcurrentQueue<string>();
        var started = Stopwatch.GetTimestamp();
        log.WriteLine($"{settings.Clients} clients reading for {settings.Duration.TotalSeconds:F0} s, load average {SweepRunner.LoadAverage()}");
        using var stop = new CancellationTokenSource(settings.Duration);
        await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(c => ClientAsync(c, client, settings, urls, documents, latencies, failures, stop.Token)));
        var wall = Stopwatch.GetElapsedTime(started);
        var checksAfter = await CountChecksAsync(database);
        var exited = api.HasExited;
        if (!exited)
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
        }

        var sorted = latencies.Order().ToArray();
        double Percentile(double share) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(share * sorted.Length))];
        var checks = checksAfter - checksBefore;
        log.WriteLine();
        log.WriteLine(FormattableString.Invariant($"| citations | clients | duration | requests served | errors | requests/s | p50 | p99 | max | checks completed meanwhile | checks/s |"));
        log.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        log.WriteLine(FormattableString.Invariant(
            $"| {settings.Citations:N0} | {settings.Clients} | {wall.TotalSeconds:F1} s | {sorted.Length:N0} | {failures.Count} | {sorted.Length / wall.TotalSeconds:F0} | {Percentile(0.5):F1} ms | {Percentile(0.99):F1} ms | {Percentile(1):F1} ms | {checks:N0} | {checks / wall.TotalSeconds:F1} |"));
        log.WriteLine($"Load average at end: {SweepRunner.LoadAverage()}");
        foreach (var failure in failures.Take(10))
        {
            log.WriteLine($"error: {failure}");
        }

        if (exited)
        {
            log.WriteLine("the API process ended during the run; see api.log");
        }

        return failures.IsEmpty && checks > 0 && !exited ? 0 : 1;
    }

    private static async Task ClientAsync(
        int number, HttpClient client, LoadSettings settings, string[] urls, int documents,
        ConcurrentBag<double> latencies, ConcurrentQueue<string> failures, CancellationToken stop)
    {
        var random = new Random(number);
        while (!stop.IsCancellationRequested)
        {
            var id = 1 + random.Next(settings.Citations);
            var (path, notFoundExpected) = random.Next(10) switch
            {
                0 => ("/api/citations?health=healthy&pageSize=50", false),
                1 => ($"/api/citations?host=127.0.0.{10 + random.Next(settings.Hosts)}&status=ok&page={1 + random.Next(3)}", false),
                2 => ($"/api/citations/{id}", false),
                3 => ($"/api/citations/{id}/checks", false),
                4 => ($"/api/citations/{id}/snapshots", false),
                5 => ($"/api/citations/{id}/changes", false),
                6 => ("/api/changes?pageSize=20", false),
                7 => ("/api/summary", false),
                8 => ($"/api/documents/{1 + random.Next(documents)}/report", false),
                // A URL not captured yet has no TimeMap: 404 is the right answer then.
                _ => ($"/timemap/link/{urls[random.Next(urls.Length)]}", true),
            };

            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, CancellationToken.None);
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                var status = (int)response.StatusCode;
                if (status >= 400 && !(notFoundExpected && response.StatusCode == HttpStatusCode.NotFound))
                {
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    failures.Enqueue($"{status} GET {path}: {body[..Math.Min(body.Length, 300)]}");
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures.Enqueue($"GET {path}: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    /// <summary>The built API on <paramref name="port"/> over <paramref name="database"/>, its scheduler at full speed unless <paramref name="extra"/> settings say otherwise.</summary>
    internal static Process StartApi(string database, int port, string folder, IReadOnlyList<string>? extra = null)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments =
        [
            ApiAssembly(),
            "--urls", $"http://127.0.0.1:{port}",
            $"--Monitor:DatabasePath={database}",
            "--Monitor:SeedDefaultCitations=false",
            "--Monitor:Fetch:AllowPrivateNetworks=true",
            // Loopback only: no web archive is asked.
            "--Monitor:Archive:Enabled=false",
            "--Monitor:Fetch:PerHostDelay=00:00:00",
            "--Monitor:Fetch:HostProbeInterval=00:00:00",
            "--Monitor:Noise:ConfirmAfter=00:00:00",
            "--Monitor:Worker:PollInterval=00:00:01",
            "--Monitor:Worker:CheckInterval=00:00:01",
            "--Monitor:Worker:MaxConcurrency=32",
            "--Monitor:Worker:MaxConcurrencyPerHost=4",
            // Every client reads from 127.0.0.1, one address to the rate limiter: lifted for the run.
            "--Monitor:RateLimit:RequestsPerMinute=1000000",
            "--Serilog:MinimumLevel:Default=Warning",
        ];
        foreach (var argument in arguments.Concat(extra ?? []))
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StreamWriter(Path.Combine(folder, "api.log")) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        var gate = new Lock();
        void Write(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    output.WriteLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitHealthyAsync(HttpClient client, Process api)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(90))
        {
            if (api.HasExited)
            {
                throw new InvalidOperationException($"the API ended with exit code {api.ExitCode}; see api.log");
            }

            try
            {
                using var response = await client.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("the API did not answer /healthz within 90 s");
    }

    private static async Task<long> CountChecksAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM checks");
    }

    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>src/Api as built in this program's configuration (the project reference builds it first).</summary>
    private static string ApiAssembly()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Monitor.sln")))
        {
            directory = directory.Parent;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var path = Path.Combine(directory!.FullName, "src", "Api", "bin", configuration, "net10.0", "CitationMonitor.Api.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build src/Api in {configuration} first.", path);
    }
}
