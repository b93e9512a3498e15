using System.Diagnostics;
using System.Globalization;
using System.Text;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Documents;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Sweep;

/// <summary>The command line of a source-page run.</summary>
internal sealed record SourcePageSettings(int Checks, int Days, int Requests, bool Keep = false)
{
    public const string Usage =
        """
        Source page: a citation with --checks checks spread over the last --days days (each captured, a change every 500,
        failures now and then), and a document citing 2,000 sources, written into a fresh SQLite file through the
        monitor's stores; then the built API serves GET /citations/{id} (and ?days=30, ?days=365) and the document's
        page (and ?sort=health) --requests times each over HTTP on loopback, one request at a time after 20 to warm up,
        and the run reports the median, p95 and slowest answer and the API's processor time per
        request. Exit code 1 when an answer is not 200.

          source-page [--checks N] [--days N] [--requests N] [--keep]    (defaults 10000, 90, 50; --keep leaves the work folder)
        """;

    public static SourcePageSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new SourcePageSettings(10_000, 90, 50);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--keep")
            {
                settings = settings with { Keep = true };
                continue;
            }

            var value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            var n = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                ? parsed
                : throw new ArgumentException($"{name} must be a positive integer");
            settings = name switch
            {
                "--checks" => settings with { Checks = n },
                "--days" => settings with { Days = n },
                "--requests" => settings with { Requests = n },
                _ => throw new ArgumentException($"unknown switch {name}"),
            };
        }

        return settings;
    }
}

/// <summary>
/// How long the page of a source checked many times takes to render: the database filled through the stores the
/// check pipeline writes with, the real API (src/Api, scheduler off) as a child process, and timed requests for the
/// page over real HTTP. Loopback only: the cited address is never fetched.
/// </summary>
internal static class SourcePageRunner
{
    private const string Cited = "http://127.0.0.1:9/informe/situacion-migrantes";

    /// <summary>The sources of the large document whose page is timed too (its report, every source with its verdict).</summary>
    private const int LargeDocumentSources = 2_000;

    public static async Task<int> RunAsync(SourcePageSettings settings, string folder, TextWriter log)
    {
        var database = Path.Combine(folder, "source-page.db");
        var clock = Stopwatch.StartNew();
        var id = await FillAsync(database, settings);
        var documentId = await FillLargeDocumentAsync(database, LargeDocumentSources);
        log.WriteLine(FormattableString.Invariant($"citation {id}: {settings.Checks:N0} checks over {settings.Days} days written in {clock.Elapsed.TotalSeconds:F1} s; starting the API"));

        var port = LoadRunner.FreePort();
        using var api = LoadRunner.StartApi(database, port, folder, ["--Monitor:Worker:Enabled=false"]);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            await LoadRunner.WaitHealthyAsync(client, api);
            log.WriteLine($"Load average: {SweepRunner.LoadAverage()}");
            log.WriteLine();
            log.WriteLine("| page | marks | bytes | requests | median | p95 | max | API CPU per request |");
            log.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            // The JIT's tiering settles over the first few dozen requests: none of them is measured.
            var failed = await TimeAsync(client, $"/citations/{id}", 60, api) is null;
            failed |= await TimeAsync(client, $"/documents/{documentId}", 20, api) is null;
            foreach (var path in new[]
            {
                $"/citations/{id}", $"/citations/{id}?days=30", $"/citations/{id}?days=365",
                $"/documents/{documentId}", $"/documents/{documentId}?sort=health",
            })
            {
                var result = await TimeAsync(client, path, settings.Requests, api);
                failed |= result is null;
                log.WriteLine(result ?? $"| {path} | failed | | | | | | |");
            }

            log.WriteLine($"Load average at end: {SweepRunner.LoadAverage()}");
            return failed ? 1 : 0;
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

    /// <summary>
    /// Twenty requests to warm up (the JIT's tiering), then <paramref name="requests"/> timed ones, one after another,
    /// with the processor time the API process spent on them: on a machine shared with other work, the figure that
    /// says what a request costs whatever the wait for a core.
    /// </summary>
    private static async Task<string?> TimeAsync(HttpClient client, string path, int requests, Process api)
    {
        const int warmUp = 20;
        var times = new List<double>(requests);
        var body = "";
        var cpuBefore = TimeSpan.Zero;
        for (var i = 0; i < requests + warmUp; i++)
        {
            if (i == warmUp)
            {
                api.Refresh();
                cpuBefore = api.TotalProcessorTime;
            }

            var sent = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            body = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            if (i >= warmUp)
            {
                times.Add(elapsed);
            }
        }

        api.Refresh();
        var cpu = (api.TotalProcessorTime - cpuBefore).TotalMilliseconds / requests;
        times.Sort();
        var marks = CountOf(body, "<rect class=\"mark ");
        return FormattableString.Invariant(
            $"| `GET {path}` | {marks:N0} | {Encoding.UTF8.GetByteCount(body):N0} | {requests} | {times[times.Count / 2]:F1} ms | {times[(int)Math.Min(times.Count - 1, Math.Ceiling(0.95 * times.Count) - 1)]:F1} ms | {times[^1]:F1} ms | {cpu:F1} ms |");
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>The monitor's stores over <paramref name="database"/>, without the bundled statement, for documents of up to <paramref name="sources"/> sources.</summary>
    private static ServiceProvider Services(string database, int sources)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Monitor:DatabasePath"] = database,
            ["Monitor:SeedDefaultCitations"] = "false",
            ["Monitor:Limits:MaxCitationsPerDocument"] = Math.Max(sources, 1_000).ToString(CultureInfo.InvariantCulture),
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddMonitorCore();
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// A document citing <paramref name="sources"/> distinct sources, stored as a posted document is, each source then
    /// given a health, a last status and a verdict's facts as checks would have left them (a mix of healthy, degraded,
    /// broken and blocked). Returns the document's id.
    /// </summary>
    private static async Task<long> FillLargeDocumentAsync(string database, int sources)
    {
        await using var provider = Services(database, sources);
        var text = new StringBuilder("Informe con muchas fuentes.\n\n");
        for (var i = 0; i < sources; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"La nota {i} (http://127.0.0.1:9/fuente/{i}/comunicado) lo confirma.\n\n");
        }

        var documentId = await provider.GetRequiredService<DocumentStore>().CreateAsync(
            new NewDocument("Informe con muchas fuentes", null, null, CitationExtractor.Extract(text.ToString())), CancellationToken.None);
        await using var work = await provider.GetRequiredService<IDbConnectionFactory>().BeginAsync(CancellationToken.None);
        await work.ExecuteAsync(
            """
            UPDATE citations SET
                health = CASE id % 10 WHEN 0 THEN 'broken' WHEN 1 THEN 'degraded' WHEN 2 THEN 'blocked' ELSE 'healthy' END,
                last_status = CASE id % 10 WHEN 0 THEN 'not_found' WHEN 1 THEN 'timeout' WHEN 2 THEN 'blocked' ELSE 'ok' END,
                last_http_status = CASE id % 10 WHEN 0 THEN 404 WHEN 1 THEN NULL WHEN 2 THEN 403 ELSE 200 END,
                last_checked_at = @now, last_ok_at = CASE WHEN id % 10 > 2 THEN @now END,
                consecutive_failures = CASE WHEN id % 10 <= 2 THEN 3 ELSE 0 END, check_count = 5
            WHERE url LIKE 'http://127.0.0.1:9/fuente/%'
            """, new { now = TimeProvider.System.GetUtcNow() }, CancellationToken.None);
        await work.CommitAsync(CancellationToken.None);
        return documentId;
    }

    /// <summary>
    /// A document citing one source, and that source's history written as the check pipeline writes it: each check
    /// with its snapshot (the body and text stored once per version) sealed in the hash chain, a change of its text every
    /// 500 checks, a failure now and then with the health transitions it makes, the citation's state after each check,
    /// and a few volatile lines. Returns the citation's id.
    /// </summary>
    private static async Task<long> FillAsync(string database, SourcePageSettings settings)
    {
        await using var provider = Services(database, 1);
        await provider.GetRequiredService<Migrator>().MigrateAsync(CancellationToken.None);
        var none = CancellationToken.None;

        var text = $"Informe sobre la situación de las personas migrantes.\n\nSegún el comunicado de la autoridad ({Cited}), la situación persiste.\n";
        await provider.GetRequiredService<DocumentStore>().CreateAsync(
            new NewDocument("Informe sobre la situación de las personas migrantes", null, null, CitationExtractor.Extract(text)), none);
        var connections = provider.GetRequiredService<IDbConnectionFactory>();
        long id;
        await using (var work = await connections.ConnectAsync(none))
        {
            id = await work.ScalarAsync<long>("SELECT id FROM citations", null, none);
        }

        var checks = provider.GetRequiredService<CheckStore>();
        var snapshots = provider.GetRequiredService<SnapshotStore>();
        var changes = provider.GetRequiredService<ChangeStore>();
        var citations = provider.GetRequiredService<CitationStore>();
        var transitions = provider.GetRequiredService<HealthTransitionStore>();
        var random = new Random(20_261_206);
        var now = TimeProvider.System.GetUtcNow();
        var start = now.AddDays(-settings.Days);
        var step = (now - start) / settings.Checks;
        var health = CitationHealth.Unknown;
        var failures = 0;
        DateTimeOffset? firstFailure = null;
        long? lastSnapshot = null;
        var version = 0;
        var (body, textSha, pageText) = Version(version);
        UnitOfWork? unit = null;
        try
        {
            for (var n = 0; n < settings.Checks; n++)
            {
                if (n % 1_000 == 0)
                {
                    if (unit is not null)
                    {
                        await unit.CommitAsync(none);
                        await unit.DisposeAsync();
                    }

                    unit = await connections.BeginAsync(none);
                }

                var work = unit!;
                var at = start + (step * n) + TimeSpan.FromSeconds(random.Next(60));
                var roll = random.Next(100);
                var status = roll switch { 0 => CheckStatus.ServerError, 1 => CheckStatus.Timeout, 2 => CheckStatus.NotFound, _ => CheckStatus.Ok };
                var duration = status == CheckStatus.Timeout ? 30_000 : (long)Math.Exp(3.5 + (random.NextDouble() * 3.5));
                var http = status switch { CheckStatus.Ok => 200, CheckStatus.ServerError => 503, CheckStatus.NotFound => 404, _ => (int?)null };

                var changed = status == CheckStatus.Ok && n > 0 && n % 500 == 0;
                var previousText = pageText;
                if (changed)
                {
                    (body, textSha, pageText) = Version(++version);
                }

                long? snapshotId = null;
                if (status == CheckStatus.Ok)
                {
                    var bytes = Encoding.UTF8.GetBytes(body);
                    var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
                    await snapshots.StoreBodyAsync(work, sha, bytes.LongLength, Compressed.Of(bytes), at, none);
                    await snapshots.StoreTextAsync(work, textSha, pageText.Length, Compressed.Of(Encoding.UTF8.GetBytes(pageText)), none);
                    snapshotId = await snapshots.InsertCaptureAsync(work, new SnapshotRow
                    {
                        CitationId = id, CapturedAt = at, Url = Cited, FinalUrl = Cited, HttpStatus = 200, CheckStatus = CheckStatus.Ok,
                        ContentType = "text/html; charset=utf-8", Kind = "html", ByteLength = bytes.LongLength, Sha256 = sha, TextSha256 = textSha,
                        Title = "Comunicado de la autoridad", RequestMethod = "GET", RequestUrl = Cited, HttpVersion = "1.1", ReasonPhrase = "OK",
                        RequestHeaders = """[["User-Agent","CitationMonitor"]]""", ResponseHeaders = """[["Content-Type","text/html; charset=utf-8"]]""",
                    }, none);
                    await SnapshotChain.SealAsync(work, snapshotId.Value, none);
                    if (changed && lastSnapshot is { } from)
                    {
                        await changes.InsertAsync(work, id, at, from, snapshotId.Value, ChangeKind.Content, TextComparer.Compare(previousText, pageText), none);
                    }

                    lastSnapshot = snapshotId;
                }

                var checkId = await checks.InsertAsync(work, new CheckRow
                {
                    CitationId = id, StartedAt = at, DurationMs = duration, Status = status, HttpStatus = http, FinalUrl = Cited,
                    Attempts = 1, ContentType = status == CheckStatus.Ok ? "text/html; charset=utf-8" : null, SnapshotId = snapshotId,
                    ContentChanged = changed, Reason = status == CheckStatus.Ok ? null : "benchmark",
                }, none);

                failures = status == CheckStatus.Ok ? 0 : failures + 1;
                firstFailure = status == CheckStatus.Ok ? null : firstFailure ?? at;
                var next = status == CheckStatus.Ok ? CitationHealth.Healthy : failures >= 3 ? CitationHealth.Broken : CitationHealth.Degraded;
                if (next != health)
                {
                    await transitions.InsertAsync(work, id, health, next, at, checkId, none);
                    health = next;
                }

                await citations.RecordCheckAsync(work, new CheckedCitation(
                    id, health, status, http, status == CheckStatus.Ok ? null : "benchmark", at, at.AddHours(1), status == CheckStatus.Ok ? at : null,
                    changed ? at : null, status == CheckStatus.Ok ? Cited : null, null, status == CheckStatus.Ok ? "Comunicado de la autoridad" : null,
                    failures, firstFailure, changed ? 1 : 0, snapshotId is null ? 0 : 1, "benchmark"), none);
            }

            await unit!.CommitAsync(none);
        }
        finally
        {
            if (unit is not null)
            {
                await unit.DisposeAsync();
            }
        }

        await provider.GetRequiredService<VolatileLineStore>().RememberAsync(
            id,
            new Dictionary<string, string>
            {
                ["Actualizado: 0 de diciembre de 0, 0:0"] = "Actualizado: 6 de diciembre de 2026, 14:05",
                ["Visitas hoy: 0"] = "Visitas hoy: 1234",
            },
            none);
        return id;
    }

    /// <summary>The page's body, the hash of its text and the text, in its <paramref name="version"/>th wording.</summary>
    private static (string Body, string TextSha256, string Text) Version(int version)
    {
        var paragraphs = string.Join("\n\n", Enumerable.Range(0, 40).Select(p =>
            $"Párrafo {p}: la autoridad informa de la situación de las personas migrantes en la frontera{(p == version % 40 ? $", revisado {version} veces" : "")}."));
        var body = $"<!doctype html><html lang=\"es\"><head><title>Comunicado de la autoridad</title></head><body><main><h1>Comunicado</h1><p>{paragraphs.Replace("\n\n", "</p><p>", StringComparison.Ordinal)}</p></main></body></html>";
        var text = "Comunicado\n\n" + paragraphs;
        return (body, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text))), text);
    }
}
