using System.Globalization;
using System.Text;

namespace CitationMonitor.Sweep;

/// <summary>The results as markdown tables, ready for BENCHMARKS.md.</summary>
internal static class SweepReport
{
    private const double MB = 1024 * 1024;

    public static string Render(SweepSettings settings, IReadOnlyList<SweepResult> results)
    {
        var md = new StringBuilder();
        var perHostDelayMs = settings.PerHostDelay.TotalMilliseconds;
        var redirected = settings.RedirectedShare > 0 ? string.Create(CultureInfo.InvariantCulture, $", {settings.RedirectedShare:P0} moved behind a 301") : "";
        Line(md, $"{settings.Citations:N0} citations over {settings.Hosts} sites, MaxConcurrencyPerHost {settings.MaxConcurrencyPerHost}, PerHostDelay {settings.PerHostDelay:c}, {(settings.ByHost ? "registered site by site" : "registered in a shuffled order")}; {settings.MissingShare:P0} of pages 404{redirected}, {settings.ChangedShare:P0} change before sweep 2.");
        md.AppendLine();
        md.AppendLine("| MaxConcurrency | sweep | checks | wall | checks/s | peak working set | peak GC heap | DB growth per check | requests per site | min gap, one site | sites under PerHostDelay | max in flight, one site | load average start → end |");
        md.AppendLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in results)
        {
            var requests = r.Traffic.Select(t => t.Requests).ToArray();
            var gaps = r.Traffic.Where(t => t.MinGap is not null).Select(t => t.MinGap!.Value).ToArray();
            var minGap = gaps.Length > 0 ? gaps.Min().TotalMilliseconds : double.NaN;
            var under = gaps.Count(g => g.TotalMilliseconds < perHostDelayMs);
            // A static server keeps no record of each request: its columns say so rather than show zeros.
            var sites = r.Traffic.Count == 0
                ? "not recorded | not recorded | not recorded | not recorded"
                : string.Create(CultureInfo.InvariantCulture, $"{requests.Min()}–{requests.Max()} | {minGap:F1} ms | {under} of {r.Traffic.Count} | {r.Traffic.Max(t => t.MaxInFlight)}");
            Line(md,
                $"| {r.MaxConcurrency} | {SweepRunner.SweepName(r.Sweep)} | {r.Checks:N0} | {r.Wall.TotalSeconds:F1} s | {r.ChecksPerSecond:F1} | {r.Memory.PeakWorkingSet / MB:F0} MB | {r.Memory.PeakGcHeap / MB:F0} MB | {r.GrowthPerCheck:N0} B | {sites} | {r.LoadAtStart} → {r.LoadAtEnd} |");
        }

        md.AppendLine();
        md.AppendLine("| MaxConcurrency | sweep | check duration median, p95 | statuses | 304 | new snapshots | new bodies (stored bytes) | new texts (stored bytes) | changes | DB before → after | monitor CPU | sites CPU | allocated | GCs gen0/1/2, pause | methods compiled, JIT time |");
        md.AppendLine("| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: |");
        foreach (var r in results)
        {
            var statuses = string.Join(", ", r.Statuses.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value:N0}"));
            Line(md,
                $"| {r.MaxConcurrency} | {r.Sweep} | {r.MedianCheck.TotalMilliseconds:F0} ms, {r.P95Check.TotalMilliseconds:F0} ms | {statuses} | {r.NotModified:N0} | {r.After.Snapshots - r.Before.Snapshots:N0} | {r.After.Bodies - r.Before.Bodies:N0} ({(r.After.BodyBytes - r.Before.BodyBytes) / MB:F1} MB) | {r.After.Texts - r.Before.Texts:N0} ({(r.After.TextBytes - r.Before.TextBytes) / MB:F1} MB) | {r.After.Changes - r.Before.Changes:N0} | {r.Before.Bytes / MB:F1} → {r.After.Bytes / MB:F1} MB | {r.Memory.Cpu.TotalSeconds:F0} s | {r.SitesCpu.TotalSeconds:F1} s | {r.Memory.AllocatedBytes / MB / 1024:F1} GB | {r.Memory.Gen0}/{r.Memory.Gen1}/{r.Memory.Gen2}, {r.Memory.GcPause.TotalSeconds:F1} s | {r.Memory.JitMethods:N0}, {r.Memory.JitTime.TotalSeconds:F1} s |");
        }

        md.AppendLine();
        foreach (var r in results)
        {
            var bySiteKind = r.Traffic.GroupBy(t => SitePages.KindOf(t.Site))
                .Select(g => $"{g.Key}: {g.Sum(t => t.Requests):N0} requests, {g.Sum(t => t.BytesSent) / MB:F0} MB sent");
            var traffic = r.Traffic.Count == 0 ? "" : "; " + string.Join("; ", bySiteKind);
            Line(md, $"- c={r.MaxConcurrency} sweep {r.Sweep}: {r.ProcessWall.TotalSeconds:F1} s from starting the monitor process to the last check recorded{traffic}.");
        }

        return md.ToString();
    }

    private static void Line(StringBuilder md, FormattableString line) => md.AppendLine(line.ToString(CultureInfo.InvariantCulture));
}
