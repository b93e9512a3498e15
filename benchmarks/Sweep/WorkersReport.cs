using System.Globalization;
using System.Text;

namespace CitationMonitor.Sweep;

/// <summary>The workers mode's results as markdown tables, ready for BENCHMARKS.md.</summary>
internal static class WorkersReport
{
    private const double MB = 1024 * 1024;

    public static string Render(WorkersSettings settings, IReadOnlyList<WorkersResult> results)
    {
        var md = new StringBuilder();
        var sweep = settings.Sweep;
        Line(md, $"{sweep.Citations:N0} citations over {sweep.Hosts} sites; each worker MaxConcurrency {settings.MaxConcurrency}, MaxConcurrencyPerHost {sweep.MaxConcurrencyPerHost} (shared by all workers), PerHostDelay {sweep.PerHostDelay:c}; {sweep.MissingShare:P0} of pages 404, {sweep.ChangedShare:P0} change before sweep 2; {results.FirstOrDefault()?.ProcessorCount} cores shared by the workers, the sites and the database server.");
        md.AppendLine();
        md.AppendLine("| database | workers | sweep | checks | wall | checks/s | checks/s per worker | peak working set per worker | peak GC heap per worker | worker CPU per check | server CPU per check | check median, p95 | load average start → end |");
        md.AppendLine("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in results)
        {
            var serverCpu = r.Counters is null ? "—" : string.Create(CultureInfo.InvariantCulture, $"{r.ServerCpu.TotalMilliseconds / r.Checks:F1} ms");
            Line(md,
                $"| {r.Engine} | {r.Workers} | {Name(r.Sweep)} | {r.Checks:N0} | {r.Wall.TotalSeconds:F1} s | {r.ChecksPerSecond:F1} | {r.ChecksPerSecond / r.Workers:F1} | {Range(r.Memory.Select(m => m.PeakWorkingSet / MB))} MB | {Range(r.Memory.Select(m => m.PeakGcHeap / MB))} MB | {r.Memory.Sum(m => m.Cpu.TotalMilliseconds) / r.Checks:F1} ms | {serverCpu} | {r.MedianCheck.TotalMilliseconds:F0} ms, {r.P95Check.TotalMilliseconds:F0} ms | {r.LoadAtStart} → {r.LoadAtEnd} |");
        }

        md.AppendLine();
        md.AppendLine("| database | workers | sweep | statuses | 304 | database growth per check | commits per check | rows written per check | WAL per check | sessions waiting on the chain lock (mean, share of samples) | on any lock (mean) | min gap, one site | max in flight, one site |");
        md.AppendLine("| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            var statuses = string.Join(", ", r.Statuses.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value:N0}"));
            var perCheck = r.Counters is { } c
                ? string.Create(CultureInfo.InvariantCulture, $"{(double)c.Commits / r.Checks:F1} | {(double)c.RowsWritten / r.Checks:F1} | {c.WalBytes / 1024.0 / r.Checks:F1} KB")
                : "— | — | —";
            var waiting = r.Counters is null ? "— | —" : string.Create(CultureInfo.InvariantCulture, $"{r.MeanAdvisoryWaiting:F2}, {r.ShareWithAdvisoryWaiting:P0} | {r.MeanLockWaiting:F2}");
            var gaps = r.Traffic.Where(t => t.MinGap is not null).Select(t => t.MinGap!.Value.TotalMilliseconds).ToArray();
            var sites = r.Traffic.Count == 0
                ? "not recorded | not recorded"
                : string.Create(CultureInfo.InvariantCulture, $"{(gaps.Length > 0 ? gaps.Min() : double.NaN):F1} ms | {r.Traffic.Max(t => t.MaxInFlight)}");
            Line(md,
                $"| {r.Engine} | {r.Workers} | {Name(r.Sweep)} | {statuses} | {r.NotModified:N0} | {(double)(r.SizeAfter - r.SizeBefore) / r.Checks:N0} B | {perCheck} | {waiting} | {sites} |");
        }

        return md.ToString();
    }

    private static string Name(int sweep) => sweep == 1 ? "1 (all new)" : "2 (again)";

    private static string Range(IEnumerable<double> values)
    {
        var all = values.ToArray();
        return all.Min() == all.Max() || all.Length == 1
            ? all.Max().ToString("F0", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{all.Min():F0}–{all.Max():F0}");
    }

    private static void Line(StringBuilder md, FormattableString line) => md.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
