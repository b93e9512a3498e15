using System.Text;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Noise;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.Infrastructure.WebArchive;
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
    NotFoundJudge notFound,
    HostPacer pacer,
    HostCircuits circuits,
    NoiseRulesProvider noise,
    VolatileLineStore volatileLines,
    WebArchiveLinks webArchive,
    LargeBodies largeBodies,
    IOptions<NoiseOptions> noiseOptions,
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
        try
        {
            return await CheckWithLeaseAsync(citationId, owner, cancellationToken);
        }
        catch (LeaseLostException)
        {
            // Another process holds the citation now and checks it; nothing of this check is recorded.
            logger.LogWarning("Check of citation {CitationId} abandoned: its lease ran out while it waited, and another process claimed it", citationId);
            return CheckRun.Busy;
        }
    }

    private async Task<CheckRun> CheckWithLeaseAsync(long citationId, string owner, CancellationToken cancellationToken)
    {
        var citation = (await citations.GetAsync(citationId, cancellationToken))?.Citation;
        if (citation is null)
        {
            return CheckRun.NotFound;
        }

        // Held from the first large body on until the result is recorded: parsing and storing cost more than reading.
        // A wait for the turn may be long: the lease is renewed after it, and the check ends if it was lost meanwhile.
        using var largeBodyTurn = largeBodies.BeginCheck(async token =>
        {
            if (!await leases.TryClaimAsync(citationId, owner, token))
            {
                throw new LeaseLostException();
            }
        });
        var baseline = await BaselineAsync(citation.Id, cancellationToken);
        if (baseline is null)
        {
            // Never captured: when a citing document has a publication date, the source as it was then comes first.
            await webArchive.BaselineBeforeFirstCheckAsync(citation, cancellationToken);
            baseline = await BaselineAsync(citation.Id, cancellationToken);
        }

        FetchResult first;
        Capture? firstCapture;
        try
        {
            (first, firstCapture) = await FetchAndJudgeAsync(citation, Conditional(citation, baseline), cancellationToken);
        }
        catch (HostPausedException paused)
        {
            return await PostponeAsync(citation, owner, paused);
        }

        var (fetch, capture, baselineId, comparison, changeKind, unconfirmed) =
            await CompareWithBaselineAsync(citation, baseline, first, firstCapture, cancellationToken);

        var health = healthOptions.Value;
        var (failures, firstFailure) = HealthRules.NextFailureRun(
            fetch.Status, fetch.StartedAt, citation.ConsecutiveFailures, DbTime.FromDbOrNull(citation.FirstFailureAt));
        var now = time.GetUtcNow();
        var newHealth = HealthRules.Evaluate(
            new HealthInput(fetch.Status, failures, firstFailure),
            new HealthPolicy(health.BrokenAfterFailures, health.BrokenAfter),
            now);

        // An unconfirmed capture may be a passing glitch: the passage is looked for again once the text holds.
        var quote = fetch.Status == CheckStatus.Ok && capture is not null && !unconfirmed ? QuoteMatcher.Find(citation.Quote, capture.Content.Text) : null;
        var outcome = new CheckOutcome(
            citationId, fetch, capture, baselineId, comparison, newHealth.ToWireName(), failures, firstFailure,
            NextCheckAt(fetch), now, owner)
        {
            ChangeKind = changeKind,
            Unconfirmed = unconfirmed,
            Quote = quote,
            QuoteLoss = citation.QuoteStatus == QuoteStatus.Found.ToWireName() && quote?.Status is QuoteStatus.Altered or QuoteStatus.Missing
                ? TextComparer.Compare(QuoteMatcher.Folded(citation.Quote!), QuoteMatcher.Folded(quote.Match ?? ""))
                : null,
        };

        // The work is done: record it even if shutdown was requested meanwhile, so nothing is half-written.
        var checkId = await checks.RecordAsync(outcome, CancellationToken.None);

        logger.LogInformation(
            "Checked citation {CitationId} {Url}: {Status} {HttpStatus} in {DurationMs} ms{Changed}",
            citationId, citation.NormalizedUrl, fetch.Status.ToWireName(), fetch.HttpStatus,
            (long)fetch.Duration.TotalMilliseconds, changeKind is { } kind ? $" ({kind.ToWireName()} change)" : "");

        return CheckRun.Done((await checks.GetAsync(checkId, CancellationToken.None))!);
    }

    private async Task<SnapshotRow?> BaselineAsync(long citationId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await SnapshotStore.LatestOkAsync(connection, citationId, cancellationToken);
    }

    private async Task<Capture?> CaptureAsync(CitationRow citation, FetchResult fetch, CancellationToken cancellationToken)
    {
        // An empty answer to a failed request is no evidence; an empty 2xx page is (its text may have been removed).
        // A 304 brought no body: the content is the one already captured.
        if (fetch.NotModified || fetch.Body is not { } body || (body.Length == 0 && fetch.Status != CheckStatus.Ok))
        {
            return null;
        }

        var content = ContentExtractor.Extract(body, fetch.ContentType, new ExtractionRules(noise.SelectorsFor(citation.Host)));
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

    /// <summary>One fetch of the citation, its capture, and the verdict on whether a 2xx answer is really an error page.</summary>
    private async Task<(FetchResult Fetch, Capture? Capture)> FetchAndJudgeAsync(
        CitationRow citation, ConditionalRequest? conditional, CancellationToken cancellationToken)
    {
        var fetch = await FetchAsync(citation, conditional, cancellationToken);
        var capture = await CaptureAsync(citation, fetch, cancellationToken);
        return (await notFound.JudgeAsync(citation, fetch, capture, cancellationToken), capture);
    }

    private async Task<FetchResult> FetchAsync(CitationRow citation, ConditionalRequest? conditional, CancellationToken cancellationToken)
    {
        // A paused host is not waited for, before or after the wait for a slot of MaxConcurrencyPerHost.
        ThrowIfPaused(citation.Host);
        return await hosts.FetchAsync(
            citation.Host,
            () =>
            {
                ThrowIfPaused(citation.Host);
                return fetcher.FetchAsync(citation.NormalizedUrl, conditional, cancellationToken);
            },
            cancellationToken);
    }

    private void ThrowIfPaused(string host) => HostPauses.ThrowIfPaused(pacer, circuits, host);

    /// <summary>
    /// The host may not be asked yet: no check is recorded (nothing was learned about the source) and the citation is
    /// due again when the host may be asked, unless it was due later anyway.
    /// </summary>
    private async Task<CheckRun> PostponeAsync(CitationRow citation, string owner, HostPausedException paused)
    {
        await leases.PostponeAsync(citation.Id, owner, paused.Until, CancellationToken.None);
        logger.LogInformation(
            "Check of citation {CitationId} postponed: host {Host} is paused until {Until:O} ({Reason})",
            citation.Id, paused.Host, paused.Until, paused.Reason);
        return CheckRun.Postponed(paused.Host, paused.Until, paused.Reason);
    }

    /// <summary>
    /// The validators of the last confirmed <c>ok</c> capture, for the first fetch of a check: a 304 then says the source
    /// still serves what was captured. None while a newly set passage has not been looked for yet, which needs the text.
    /// </summary>
    private static ConditionalRequest? Conditional(CitationRow citation, SnapshotRow? baseline) =>
        citation.Quote is not null && citation.QuoteStatus is null ? null
        : baseline is { ETag: not null } or { LastModified: not null } ? new ConditionalRequest(baseline.FinalUrl, baseline.ETag, baseline.LastModified)
        : null;

    /// <summary>
    /// Compares an <c>ok</c> capture with the last <c>ok</c> capture (error pages are never compared), leaving out
    /// configured noise and the citation's volatile lines. A change is confirmed by a second fetch after
    /// <see cref="NoiseOptions.ConfirmAfter"/>: lines that differ between the two fetches are learned as volatile,
    /// and only what still differs from the baseline without them is a change. The confirming fetch is the one kept.
    /// </summary>
    private async Task<Compared> CompareWithBaselineAsync(
        CitationRow citation, SnapshotRow? baseline, FetchResult fetch, Capture? capture, CancellationToken cancellationToken)
    {
        if (capture is null || fetch.Status != CheckStatus.Ok || baseline is null)
        {
            return new(fetch, capture, null, null, null);
        }

        if (baseline.TextSha256 == capture.TextSha256)
        {
            return new(fetch, capture, baseline.Id, null, Classify(baseline, fetch, capture, null));
        }

        string previousText;
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            previousText = await SnapshotStore.TextByHashAsync(connection, baseline.TextSha256, cancellationToken) ?? "";
        }

        var rules = noise.RulesFor(citation.Host, await volatileLines.ShapesAsync(citation.Id, cancellationToken));
        var comparison = Compare(previousText, capture.Content.Text, rules);
        if (!comparison.Changed)
        {
            return new(fetch, capture, baseline.Id, comparison, Classify(baseline, fetch, capture, comparison));
        }

        await Task.Delay(noiseOptions.Value.ConfirmAfter, time, cancellationToken);
        // Never conditional: the confirmation needs the whole body.
        FetchResult? again;
        Capture? againCapture = null;
        try
        {
            (again, againCapture) = await FetchAndJudgeAsync(citation, null, cancellationToken);
        }
        catch (HostPausedException paused)
        {
            // The host may not be asked again yet: the change cannot be confirmed now, like a failed second fetch.
            again = null;
            logger.LogInformation("Host {Host} paused until {Until:O} ({Reason})", paused.Host, paused.Until, paused.Reason);
        }

        if (again is null || again.Status != CheckStatus.Ok || againCapture is null)
        {
            // The first capture is kept as evidence but never becomes the baseline: if the change holds, the next
            // check still compares with the last confirmed text and reports it.
            logger.LogInformation(
                "Change of citation {CitationId} not confirmed: the second fetch ended {Status}", citation.Id, again?.Status.ToWireName() ?? "paused");
            return new(fetch, capture, baseline.Id, null, null, Unconfirmed: true);
        }

        var learned = NoiseFilter.LearnVolatile(previousText, capture.Content.Text, againCapture.Content.Text);
        await volatileLines.RememberAsync(citation.Id, learned, cancellationToken);
        var confirmed = Compare(previousText, againCapture.Content.Text, rules.WithVolatile(learned.Keys));
        var both = again with { StartedAt = fetch.StartedAt, Duration = again.StartedAt + again.Duration - fetch.StartedAt };
        return new(both, againCapture, baseline.Id, confirmed, Classify(baseline, both, againCapture, confirmed));
    }

    private static TextComparison Compare(string previous, string current, NoiseRules rules) =>
        TextComparer.Compare(NoiseFilter.Comparable(previous, rules), NoiseFilter.Comparable(current, rules));

    /// <summary>What kind of change, if any, the capture is against the baseline; see <see cref="ChangeClassifier"/>.</summary>
    private static ChangeKind? Classify(SnapshotRow baseline, FetchResult fetch, Capture capture, TextComparison? comparison) =>
        ChangeClassifier.Classify(
            new SnapshotFacts(baseline.Kind, baseline.Title, baseline.FinalUrl, baseline.TextSha256),
            new SnapshotFacts(capture.Content.Kind, capture.Content.Title, fetch.FinalUrl, capture.TextSha256),
            comparison);

    private sealed record Compared(
        FetchResult Fetch, Capture? Capture, long? BaselineId, TextComparison? Comparison, ChangeKind? Kind, bool Unconfirmed = false);

    /// <summary>
    /// Now plus the check interval, spread by up to ±10% so that citations added together drift apart; never before
    /// the end of a pause the answer asked for (a long Retry-After).
    /// </summary>
    private DateTimeOffset NextCheckAt(FetchResult fetch)
    {
        var interval = workerOptions.Value.CheckInterval;
        var jitter = (Random.Shared.NextDouble() * 0.2) - 0.1;
        var next = fetch.StartedAt + interval + (interval * jitter);
        return Uri.TryCreate(fetch.FinalUrl, UriKind.Absolute, out var final) && pacer.PausedUntil(final.Host) is { } paused && paused > next
            ? paused
            : next;
    }
}

/// <summary>What became of a request to check a citation.</summary>
internal sealed record CheckRun(CheckRunOutcome Outcome, CheckRow? Check)
{
    public static CheckRun NotFound { get; } = new(CheckRunOutcome.NotFound, null);

    public static CheckRun Busy { get; } = new(CheckRunOutcome.Busy, null);

    public static CheckRun Done(CheckRow check) => new(CheckRunOutcome.Checked, check);

    public static CheckRun Postponed(string host, DateTimeOffset until, string reason) =>
        new(CheckRunOutcome.Postponed, null) { PausedHost = host, PausedUntil = until, PauseReason = reason };

    /// <summary>For <see cref="CheckRunOutcome.Postponed"/>: the host that may not be asked yet.</summary>
    public string? PausedHost { get; init; }

    /// <summary>For <see cref="CheckRunOutcome.Postponed"/>: when the host may be asked again (the citation's new <c>nextCheckAt</c> at the latest).</summary>
    public DateTimeOffset? PausedUntil { get; init; }

    /// <summary>For <see cref="CheckRunOutcome.Postponed"/>: <c>retry_after</c> or <c>circuit_open</c>.</summary>
    public string? PauseReason { get; init; }
}

internal enum CheckRunOutcome
{
    Checked,
    NotFound,
    /// <summary>Another check of the citation holds its lease.</summary>
    Busy,

    /// <summary>
    /// The host may not be asked yet (a long Retry-After, or its circuit is open): no check was recorded, the citation
    /// is due again when the host may be asked.
    /// </summary>
    Postponed,
}

/// <summary>The check's lease on its citation ran out while it waited, and another owner claimed the citation.</summary>
internal sealed class LeaseLostException() : Exception("The citation's lease was lost to another owner.");
