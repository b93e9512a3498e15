using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CitationMonitor.Sweep;

/// <summary>
/// API reads at scale: a database of a large watch list written straight into SQLite, the built API on it (scheduler off,
/// rate limits lifted) as a child process, and wrk against a trivial endpoint of the same host and against each read a
/// dashboard polls, one after another, each after a warm-up run. Reads with an ETag are measured a second time as a
/// dashboard polling with <c>If-None-Match</c> asks them. Loopback only.
/// </summary>
internal static class ReadsRunner
{
    /// <summary>A static file of the pages: served by the same host and middleware as the API up to routing, no database.</summary>
    private const string Trivial = "/assets/favicon.svg";

    /// <summary>What each read must reach: this share of the trivial endpoint's requests/s, and a p99 under this many ms.</summary>
    private const double TargetShare = 0.25;
    private const double TargetP99Ms = 25;

    /// <summary>Every wrk connection reads from 127.0.0.1, one client to the rate limiter: lifted to what no run reaches.</summary>
    private const int RequestsPerMinute = 1_000_000_000;

    public static async Task<int> RunAsync(ReadsSettings settings, string folder, TextWriter log)
    {
        var now = TimeProvider.System.GetUtcNow();
        var database = settings.Database ?? Path.Combine(folder, "reads.db");
        ReadsDatabaseFigures figures;
        if (settings.Database is null)
        {
            log.WriteLine($"Writing {settings.Citations:N0} citations, {settings.Checks:N0} checks, {settings.Snapshots:N0} snapshots to {database}");
            figures = await ReadsDatabase.GenerateAsync(database, settings, now);
        }
        else
        {
            figures = await ReadsDatabase.FiguresAsync(database, TimeSpan.Zero);
        }

        log.WriteLine(figures.Describe());
        if (settings.GenerateOnly)
        {
            return 0;
        }

        var (checksOf, checkCount) = await MostCheckedAsync(database);
        var since = (await LastCheckAsync(database)).AddDays(-1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var endpoints = new (string Path, string What)[]
        {
            (Trivial, "trivial: a static file, no database"),
            ("/healthz", "health check: one query"),
            ("/api/citations?health=broken", "first page of 50"),
            ($"/api/citations/{checksOf}/checks", $"first page of 50 of {checkCount} checks"),
            ("/api/summary", "whole watch list"),
            ($"/api/changes?since={since}", "first page of 50 of the last day's changes"),
            ($"/api/documents/{ReadsDatabase.ReportDocumentId}/report", $"{settings.ReportSources:N0} sources"),
        };

        var port = LoadRunner.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        // A billion a minute: the cached reads alone pass the million the load run allows within a minute.
        string[] apiSettings = ["--Monitor:Worker:Enabled=false", $"--Monitor:RateLimit:RequestsPerMinute={RequestsPerMinute}"];
        using var api = LoadRunner.StartApi(database, port, folder, settings.NoCache ? [.. apiSettings, "--Monitor:ReadCache:MaxBytes=0"] : apiSettings);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(120) };
            await LoadRunner.WaitHealthyAsync(client, api);
            log.WriteLine($"API on {baseUrl} (scheduler off, Monitor:RateLimit:RequestsPerMinute={RequestsPerMinute}{(settings.NoCache ? ", Monitor:ReadCache:MaxBytes=0" : "")}); load average {SweepRunner.LoadAverage()}");
            log.WriteLine($"wrk -t{settings.Threads} -c{settings.Connections} -d{settings.DurationSeconds}s --latency --timeout {ReadsWrk.Timeout}s -H '{AcceptEncoding}', after a {WarmUp(settings)} s warm-up run per endpoint");

            var rows = new List<ReadsRow>();
            foreach (var (path, what) in endpoints.Where((e, i) => i == 0 || settings.Only is null || e.Path.Contains(settings.Only, StringComparison.Ordinal)))
            {
                var (status, sent, plain, etag) = await ProbeAsync(client, path);
                if (status != 200)
                {
                    log.WriteLine($"GET {path}: {status}");
                    return 1;
                }

                rows.Add(await MeasureAsync(api, baseUrl + path, path, what, (plain, sent), settings, [AcceptEncoding]));
                if (etag is not null && path.StartsWith("/api/", StringComparison.Ordinal))
                {
                    rows.Add(await MeasureAsync(api, baseUrl + path, path + " (If-None-Match)", "304, " + what, (0, 0), settings, [AcceptEncoding, $"If-None-Match: {etag}"]));
                }
            }

            log.WriteLine($"Load average at end: {SweepRunner.LoadAverage()}");
            log.WriteLine();
            log.WriteLine(Table(rows));
            return rows.Any(r => r.Result.Errors > 0) ? 1 : 0;
        }
        finally
        {
            if (!api.HasExited)
            {
                api.Kill(entireProcessTree: true);
                await api.WaitForExitAsync();
            }
        }
    }

    private static int WarmUp(ReadsSettings settings) => Math.Max(2, settings.DurationSeconds / 3);

    /// <summary>What a browser's dashboard sends on plain HTTP: every request of the run carries it.</summary>
    private const string AcceptEncoding = "Accept-Encoding: gzip, deflate";

    /// <summary>One request as wrk's will be: its status, the bytes sent, the bytes of the answer unzipped, its ETag.</summary>
    private static async Task<(int Status, long Sent, long Plain, string? ETag)> ProbeAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", AcceptEncoding["Accept-Encoding: ".Length..]);
        using var response = await client.SendAsync(request);
        var sent = await response.Content.ReadAsByteArrayAsync();
        var plain = sent.LongLength;
        if (response.Content.Headers.ContentEncoding.Contains("gzip"))
        {
            using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(sent), System.IO.Compression.CompressionMode.Decompress);
            using var unzipped = new MemoryStream();
            await gzip.CopyToAsync(unzipped);
            plain = unzipped.Length;
        }

        return ((int)response.StatusCode, sent.LongLength, plain, response.Headers.ETag?.ToString());
    }

    /// <summary>A warm-up run (the JIT's tiering, the connection pool, SQLite's page cache), then the measured one with the API's CPU time.</summary>
    private static async Task<ReadsRow> MeasureAsync(
        Process api, string url, string path, string what, (long Plain, long Sent) bytes, ReadsSettings settings, IReadOnlyList<string> headers)
    {
        await ReadsWrk.RunAsync(url, settings, WarmUp(settings), headers);
        api.Refresh();
        var cpuBefore = api.TotalProcessorTime;
        var result = await ReadsWrk.RunAsync(url, settings, settings.DurationSeconds, headers);
        api.Refresh();
        var cpuPerRequest = (api.TotalProcessorTime - cpuBefore).TotalMilliseconds / result.Requests;
        return new ReadsRow(path, what, bytes, result, cpuPerRequest);
    }

    private static string Table(IReadOnlyList<ReadsRow> rows)
    {
        var trivial = rows[0].Result.RequestsPerSecond;
        var table = new System.Text.StringBuilder();
        table.AppendLine("| endpoint | what | requests/s | of trivial | p50 | p99 | answer bytes | bytes sent | API CPU per request | wrk CPU per request | errors | target |");
        table.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in rows)
        {
            var r = row.Result;
            var share = r.RequestsPerSecond / trivial;
            var target = row.Path.StartsWith("/api/", StringComparison.Ordinal)
                ? share >= TargetShare && r.P99Ms < TargetP99Ms ? "met" : "missed"
                : "";
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| `{row.Path}` | {row.What} | {r.RequestsPerSecond:N0} | {share:P0} | {r.P50Ms:F2} ms | {r.P99Ms:F2} ms | {row.Bytes.Plain:N0} | {row.Bytes.Sent:N0} | {(r.Requests == 0 ? "n/a" : $"{row.CpuPerRequestMs:F3} ms")} | {(r.Requests == 0 ? "n/a" : $"{r.Cpu.TotalMilliseconds / r.Requests:F3} ms")} | {r.Errors} | {target} |"));
        }

        return table.ToString();
    }

    /// <summary>The citation with the most checks (the first of them): its checks are the list read.</summary>
    private static async Task<(long Id, long Checks)> MostCheckedAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, check_count FROM citations ORDER BY check_count DESC, id LIMIT 1";
        using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>When the last check started: the last day's changes are counted back from it, so a kept database reads the same.</summary>
    private static async Task<DateTimeOffset> LastCheckAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MAX(started_at) FROM checks";
        return DateTimeOffset.Parse((string)(await command.ExecuteScalarAsync())!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    private sealed record ReadsRow(string Path, string What, (long Plain, long Sent) Bytes, WrkResult Result, double CpuPerRequestMs);
}

/// <summary>The <c>reads</c> mode of the command line: its settings, work folder and exit code.</summary>
internal static class ReadsCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (CommandLine.Parse(a => ReadsSettings.Parse(a), args, ReadsSettings.Usage) is not { } settings)
        {
            return 2;
        }

        var folder = settings.WorkFolder ?? Path.Combine(Path.GetTempPath(), $"citation-reads-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        Console.WriteLine($"Reads: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; work folder {folder}");
        Console.WriteLine($"Load average at start: {SweepRunner.LoadAverage()}");
        var exitCode = await ReadsRunner.RunAsync(settings, folder, Console.Out);
        if (exitCode == 0 && !settings.Keep && settings.WorkFolder is null)
        {
            Directory.Delete(folder, recursive: true);
        }

        return exitCode;
    }
}
