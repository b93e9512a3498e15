using System.Globalization;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Documents;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.OneShot;

/// <summary>
/// The one-shot check: reads the document (<see cref="DocumentTargets"/>), looks at each source it cites once
/// (<see cref="SourceChecks"/>), and says so on the progress writer as it goes. Nothing is stored.
/// </summary>
internal sealed class OneShotCheck(DocumentTargets targets, SourceChecks checks, IOptions<WorkerOptions> worker, TimeProvider time)
{
    /// <summary>The checked document, or the reason <paramref name="target"/> is bad input.</summary>
    public async Task<(CheckedDocument? Document, string? Problem)> RunAsync(string target, TextWriter progress, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var read = await targets.ReadAsync(target, cancellationToken);
        if (read.Problem is { } problem)
        {
            return (null, problem);
        }

        IReadOnlyList<SourceCheck> self = read.Self is { } page ? [page] : [];
        if (read.Document is not { } document)
        {
            var failed = read.Self!;
            progress.WriteLine($"{target}: {failed.Status.ToWireName()}{Http(failed.HttpStatus)}; the page was not read, so its sources were not checked.");
            return (new CheckedDocument(target, null, startedAt, self, []), null);
        }

        // A page that links to itself cites no other source by it: its own address was looked at already.
        var sources = CitedSource.Of(document.Citations).Where(s => s.Normalized.Key != read.Page?.Normalized.Key).ToList();
        progress.WriteLine(
            $"{target}: {document.Kind.ToWireName()}, {Count(sources.Count, "source")} cited{Skipped(document.Skipped)}."
            + (sources.Count == 0 ? "" : $" Checking them, {worker.Value.MaxConcurrency.ToString(CultureInfo.InvariantCulture)} at a time."));

        var total = sources.Count;
        var checkedSources = await checks.CheckAllAsync(
            sources,
            (check, done) => progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{done}/{total}] {check.Status.ToWireName(),-16} {check.Url}")),
            cancellationToken);
        return (new CheckedDocument(target, document.Kind, startedAt, [.. self, .. checkedSources], document.Skipped), null);
    }

    private static string Http(int? status) => status is { } code ? string.Create(CultureInfo.InvariantCulture, $" (HTTP {code})") : "";

    private static string Skipped(IReadOnlyList<SkippedText> skipped) =>
        skipped.Count == 0 ? "" : $", {Count(skipped.Count, "piece")} skipped";

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");
}
