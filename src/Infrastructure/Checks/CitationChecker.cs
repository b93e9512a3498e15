using System.Text;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>
/// One check of one citation, the same for the scheduler and for <c>POST /api/citations/{id}/check</c>:
/// fetch, capture, compare with the last good capture, judge health, record it all at once.
/// </summary>
internal sealed class CitationChecker(
    IPageFetcher fetcher,
    CitationLeases leases,
    CitationStore citations,
    CheckStore checks,
    IDbConnectionFactory connections,
    HostGate hosts,
    IOptions<WorkerOptions> workerOptions,
    IOptions<HealthOptions> healthOptions,
    TimeProvider time,
    ILogger<CitationChecker> logger)
{
    /// <summary>Checks a citation now, unless another check of it is in progress.</summary>
    public async Task<CheckRun> CheckAsync(long citationId, CancellationToken cancellationToken)
    {
        var owner = CitationLeases.NewOwner();
        if (!await leases.TryClaimAsync(citationId, owner, cancellationToken))
        {
            return await citations.ExistsAsync(citationId, cancellationToken) ? CheckRun.Busy : CheckRun.NotFound;
        }

        try
        {
            return await CheckLeasedAsync(citationId, owner, cancellationToken);
        }
        finally
        {
            // A recorded check has already cleared the lease; this only gives back an abandoned one.
            await leases.ReleaseAsync(citationId, owner, CancellationToken.None);
        }
    }

    /// <summary>
    /// Checks a citation the scheduler claimed in a batch; the lease is renewed first, since the claim may have
    /// waited, and the check is skipped when the lease was lost meanwhile.
    /// </summary>
    internal async Task<CheckRun> CheckClaimedAsync(long citationId, string owner, CancellationToken cancellationToken) =>
        await leases.TryClaimAsync(citationId, owner, cancellationToken)
            ? await CheckLeasedAsync(citationId, owner, cancellationToken)
            : CheckRun.Busy;

    private async Task<CheckRun> CheckLeasedAsync(long citationId, string owner, CancellationToken cancellationToken)
    {
        var citation = (await citations.GetAsync(citationId, cancellationToken))?.Citation;
        if (citation is null)
        {
            return CheckRun.NotFound;
        }

        FetchResult fetch;
        using (await hosts.EnterAsync(citation.Host, cancellationToken))
        {
            fetch = await fetcher.FetchAsync(citation.NormalizedUrl, cancellationToken);
        }

        var capture = await CaptureAsync(fetch, cancellationToken);
        var (baselineId, comparison, changeKind) = await CompareWithBaselineAsync(citationId, fetch, capture, cancellationToken);

        var health = healthOptions.Value;
        var (failures, firstFailure) = HealthRules.NextFailureRun(
            fetch.Status, fetch.StartedAt, citation.ConsecutiveFailures, DbTime.FromDbOrNull(citation.FirstFailureAt));
        var now = time.GetUtcNow();
        var newHealth = HealthRules.Evaluate(
            new HealthInput(fetch.Status, failures, firstFailure),
            new HealthPolicy(health.BrokenAfterFailures, health.BrokenAfter),
            now);

        var outcome = new CheckOutcome(
            citationId, fetch, capture, baselineId, comparison, newHealth.ToWireName(), failures, firstFailure,
            NextCheckAt(fetch.StartedAt), now, owner)
        {
            ChangeKind = changeKind,
        };

        // The work is done: record it even if shutdown was requested meanwhile, so nothing is half-written.
        var checkId = await checks.RecordAsync(outcome, CancellationToken.None);

        logger.LogInformation(
            "Checked citation {CitationId} {Url}: {Status} {HttpStatus} in {DurationMs} ms{Changed}",
            citationId, citation.NormalizedUrl, fetch.Status.ToWireName(), fetch.HttpStatus,
            (long)fetch.Duration.TotalMilliseconds, changeKind is { } kind ? $" ({kind.ToWireName()} change)" : "");

        return CheckRun.Done((await checks.GetAsync(checkId, CancellationToken.None))!);
    }

    private async Task<Capture?> CaptureAsync(FetchResult fetch, CancellationToken cancellationToken)
    {
        // An empty answer to a failed request is no evidence; an empty 2xx page is (its text may have been removed).
        if (fetch.Body is not { } body || (body.Length == 0 && fetch.Status != CheckStatus.Ok))
        {
            return null;
        }

        var content = ContentExtractor.Extract(body, fetch.ContentType);
        var textBytes = Encoding.UTF8.GetBytes(content.Text);
        var sha256 = BodyCodec.Sha256Hex(body);
        var textSha256 = BodyCodec.Sha256Hex(textBytes);

        bool bodyStored, textStored;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            (bodyStored, textStored) = await SnapshotStore.StoredAsync(connection, sha256, textSha256, cancellationToken);
        }

        return new Capture(
            body, sha256, content, textSha256, fetch.Truncated,
            bodyStored ? null : Compressed.Of(body),
            textStored ? null : Compressed.Of(textBytes));
    }

    /// <summary>
    /// Compares an <c>ok</c> capture with the last <c>ok</c> capture (error pages are never compared): the text word by
    /// word when it differs, and what kind of change, if any, is worth recording.
    /// </summary>
    private async Task<(long? BaselineId, TextComparison? Comparison, ChangeKind? Kind)> CompareWithBaselineAsync(
        long citationId, FetchResult fetch, Capture? capture, CancellationToken cancellationToken)
    {
        if (capture is null || fetch.Status != CheckStatus.Ok)
        {
            return (null, null, null);
        }

        await using var connection = await connections.OpenAsync(cancellationToken);
        var baseline = await SnapshotStore.LatestOkAsync(connection, citationId, cancellationToken);
        if (baseline is null)
        {
            return (null, null, null);
        }

        TextComparison? comparison = null;
        if (baseline.TextSha256 != capture.TextSha256)
        {
            var previousText = await SnapshotStore.TextByHashAsync(connection, baseline.TextSha256, cancellationToken) ?? "";
            comparison = TextComparer.Compare(previousText, capture.Content.Text);
        }

        return (baseline.Id, comparison, Classify(baseline, fetch, capture, comparison));
    }

    /// <summary>What kind of change, if any, the capture is against the baseline; see <see cref="ChangeClassifier"/>.</summary>
    private static ChangeKind? Classify(SnapshotRow baseline, FetchResult fetch, Capture capture, TextComparison? comparison) =>
        ChangeClassifier.Classify(
            new SnapshotFacts(baseline.Kind, baseline.Title, baseline.FinalUrl, baseline.TextSha256),
            new SnapshotFacts(capture.Content.Kind, capture.Content.Title, fetch.FinalUrl, capture.TextSha256),
            comparison);

    /// <summary>Now plus the check interval, spread by up to ±10% so that citations added together drift apart.</summary>
    private DateTimeOffset NextCheckAt(DateTimeOffset startedAt)
    {
        var interval = workerOptions.Value.CheckInterval;
        var jitter = (Random.Shared.NextDouble() * 0.2) - 0.1;
        return startedAt + interval + (interval * jitter);
    }
}

/// <summary>What became of a request to check a citation.</summary>
internal sealed record CheckRun(CheckRunOutcome Outcome, CheckRow? Check)
{
    public static CheckRun NotFound { get; } = new(CheckRunOutcome.NotFound, null);

    public static CheckRun Busy { get; } = new(CheckRunOutcome.Busy, null);

    public static CheckRun Done(CheckRow check) => new(CheckRunOutcome.Checked, check);
}

internal enum CheckRunOutcome
{
    Checked,
    NotFound,
    /// <summary>Another check of the citation holds its lease.</summary>
    Busy,
}
