using System.Text;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Leases;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.WebArchive;

/// <summary>
/// Links cited sources to a web archive: the archived copy closest to the first-seen date (kept on the citation), the
/// baseline at citation time (the capture closest to the citing document's publication, kept as a <c>web-archive</c>
/// snapshot and compared with the monitor's own capture), and the optional submission of first captures. Nothing here
/// ever fails a check: the archive's failures and timeouts are logged and tried again later, with back-off.
/// </summary>
internal sealed class WebArchiveLinks(
    WebArchiveClient archive,
    ArchiveWorkStore work,
    BaselineRecorder baselines,
    CitationLeaseStore leases,
    SnapshotStore snapshots,
    BaselineTexts baselineTexts,
    NoiseRulesProvider noise,
    VolatileLineStore volatileLines,
    IOptions<ArchiveOptions> options,
    TimeProvider time,
    ILogger<WebArchiveLinks> logger)
{
    /// <summary>How many citations of each kind one round handles, so the archive is asked gently and checks go first.</summary>
    internal const int BatchSize = 10;

    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromDays(1);

    /// <summary>One round of the scheduler's job: the links, baselines and saves that are due.</summary>
    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        foreach (var task in await work.DueBaselinesAsync(time.GetUtcNow(), BatchSize, null, cancellationToken))
        {
            // Under the citation's lease, so a check running meanwhile cannot miss the baseline or be missed by it.
            var owner = LeaseOwners.New();
            if (!await leases.TryClaimAsync(task.CitationId, owner, cancellationToken))
            {
                continue;
            }

            try
            {
                await BaselineAsync(task, cancellationToken);
            }
            finally
            {
                await leases.ReleaseAsync(task.CitationId, owner, CancellationToken.None);
            }
        }

        foreach (var task in await work.DueLinksAsync(time.GetUtcNow(), BatchSize, cancellationToken))
        {
            await LinkAsync(task, cancellationToken);
        }

        if (!string.IsNullOrEmpty(options.Value.SaveEndpoint))
        {
            foreach (var task in await work.DueSavesAsync(BatchSize, cancellationToken))
            {
                await SaveAsync(task, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Before the first check of a citation whose citing document has a publication date: fetches the baseline, bounded
    /// by <see cref="ArchiveOptions.Timeout"/>, so the check compares its capture with the source as it was cited. Any
    /// failure is left to the scheduler's job to try again, and the check goes on.
    /// </summary>
    public async Task BaselineBeforeFirstCheckAsync(CitationRow citation, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            if ((await work.DueBaselinesAsync(time.GetUtcNow(), 1, citation.Id, cancellationToken)).FirstOrDefault() is not { } task)
            {
                return;
            }

            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(options.Value.Timeout);
            await BaselineAsync(task, bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Baseline of citation {CitationId} from the web archive took longer than {Timeout}; the check goes on without it",
                citation.Id, options.Value.Timeout);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or LargeBodyTurnRefusedException))
        {
            // A check that may not wait for a large-body turn stops as a whole (LargeBodyTurnRefusedException).
            logger.LogError(ex, "Baseline of citation {CitationId} from the web archive failed; the check goes on without it", citation.Id);
        }
    }

    /// <summary>The archived copy closest to the citation's first-seen date, kept on the citation.</summary>
    private async Task LinkAsync(ArchiveTask task, CancellationToken cancellationToken)
    {
        var answer = await archive.ClosestCopyAsync(task.NormalizedUrl, task.At, cancellationToken);
        if (answer.Failed)
        {
            await FailedAsync(task, ArchiveWorkStore.Link, answer.Error!, cancellationToken);
            return;
        }

        await work.SetArchivedCopyAsync(task.CitationId, answer.Value, time.GetUtcNow(), cancellationToken);
        logger.LogInformation(
            "Citation {CitationId} {Url}: archived copy {ArchivedUrl}", task.CitationId, task.NormalizedUrl, answer.Value?.Url ?? "(none)");
    }

    private async Task SaveAsync(ArchiveTask task, CancellationToken cancellationToken)
    {
        // One attempt only: a submission that fails is not worth insisting on, the archive may crawl the page anyway.
        var answer = await archive.SaveAsync(task.NormalizedUrl, cancellationToken);
        await work.DoneAsync(task.CitationId, ArchiveWorkStore.Save, time.GetUtcNow(), answer?.Error, cancellationToken);
        if (answer is { Failed: true })
        {
            logger.LogWarning("Submitting citation {CitationId} {Url} to the web archive failed: {Error}", task.CitationId, task.NormalizedUrl, answer.Error);
        }
    }

    private async Task BaselineAsync(ArchiveTask task, CancellationToken cancellationToken)
    {
        var found = await archive.ClosestCaptureAsync(task.NormalizedUrl, task.At, cancellationToken);
        if (found.Failed)
        {
            await FailedAsync(task, ArchiveWorkStore.Baseline, found.Error!, cancellationToken);
            return;
        }

        if (found.Value is not { } capture)
        {
            await work.DoneAsync(task.CitationId, ArchiveWorkStore.Baseline, time.GetUtcNow(), "no_capture", cancellationToken);
            logger.LogInformation("Citation {CitationId} {Url}: the web archive has no capture to serve as baseline", task.CitationId, task.NormalizedUrl);
            return;
        }

        var body = await archive.CaptureBodyAsync(capture, cancellationToken);
        if (body.Failed || body.Value is null)
        {
            await FailedAsync(task, ArchiveWorkStore.Baseline, body.Error ?? "empty_answer", cancellationToken);
            return;
        }

        var baseline = await PrepareAsync(task, capture, body.Value, cancellationToken);
        var snapshotId = await baselines.RecordAsync(baseline, time.GetUtcNow(), cancellationToken);
        logger.LogInformation(
            "Citation {CitationId} {Url}: baseline from the web archive of {ArchiveDatetime:O} stored as snapshot {SnapshotId}{Changed}",
            task.CitationId, task.NormalizedUrl, capture.At, snapshotId,
            baseline.ChangeKind is { } kind ? $" ({kind.ToWireName()} change to the monitor's capture)" : "");
    }

    /// <summary>
    /// The capture as a snapshot, extracted like a check's, and, when the monitor already has a confirmed capture of its
    /// own, the change from the baseline to it, compared with the same noise rules as a check and with that capture's
    /// text as the running extractor reads it (<see cref="BaselineTexts"/>).
    /// </summary>
    private async Task<BaselineCapture> PrepareAsync(ArchiveTask task, CdxCapture capture, ArchivedBody body, CancellationToken cancellationToken)
    {
        var extraction = noise.ExtractionFor(task.Host);
        var content = ContentExtractor.Extract(body.Bytes, body.ContentType, extraction);
        var textBytes = Encoding.UTF8.GetBytes(content.Text);
        var sha256 = BodyCodec.Sha256Hex(body.Bytes);
        var textSha256 = BodyCodec.Sha256Hex(textBytes);

        var (bodyStored, textStored) = await snapshots.StoredAsync(sha256, textSha256, cancellationToken);
        // No web-archive snapshot exists yet (that is when a baseline is due), so this is the monitor's own.
        var latest = await snapshots.LatestOkAsync(task.CitationId, cancellationToken) is { } own
            ? await baselineTexts.ReadAsync(own, task.Host, cancellationToken)
            : null;

        var snapshot = new WebArchiveSnapshot(
            task.CitationId, time.GetUtcNow(), task.NormalizedUrl, capture.Original, capture.StatusCode, body.ContentType,
            content.Kind, body.Bytes.LongLength, sha256, textSha256, body.Truncated, content.Title, archive.ReplayUrl(capture), capture.At,
            ContentExtractor.Stamp(extraction));
        var baseline = new BaselineCapture(
            snapshot, bodyStored ? null : Compressed.Of(body.Bytes), content.Text, textStored ? null : Compressed.Of(textBytes));
        if (latest is null)
        {
            return baseline;
        }

        TextComparison? comparison = null;
        if (latest.TextSha256 != textSha256)
        {
            var rules = noise.RulesFor(task.Host, await volatileLines.ShapesAsync(task.CitationId, cancellationToken));
            comparison = BaselineComparer.Compare(content.Text, await latest.TextAsync(cancellationToken), rules);
        }

        var kind = ChangeClassifier.Classify(
            new SnapshotFacts(content.Kind, content.Title, capture.Original, textSha256), latest.Facts, comparison);
        return baseline with { ChangeToSnapshotId = latest.Snapshot.Id, ChangeKind = kind, Comparison = comparison };
    }

    private async Task FailedAsync(ArchiveTask task, string kind, string error, CancellationToken cancellationToken)
    {
        var delay = options.Value.RetryBaseDelay * Math.Pow(4, Math.Min(task.Attempts, 10));
        var retryAt = time.GetUtcNow() + (delay > MaxRetryDelay ? MaxRetryDelay : delay);
        await work.FailedAsync(task.CitationId, kind, retryAt, error, cancellationToken);
        logger.LogWarning(
            "Asking the web archive for the {Kind} of citation {CitationId} {Url} failed ({Error}); trying again at {RetryAt:O}",
            kind, task.CitationId, task.NormalizedUrl, error, retryAt);
    }
}
