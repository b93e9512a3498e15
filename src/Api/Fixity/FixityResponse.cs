using CitationMonitor.Infrastructure.Fixity;

namespace CitationMonitor.Api.Fixity;

/// <summary>
/// Fixity at a glance: whether a run is in progress, the newest run (still going when <c>finishedAt</c> is null) with
/// what failed and the chain as it saw it, and when the next scheduled run is due.
/// </summary>
public sealed record FixityStatusResponse(bool Running, FixityRunResponse? LastRun, DateTimeOffset NextRunAt, TimeSpan Interval);

/// <summary>
/// One fixity run. <c>bodiesVerified</c> and <c>textsVerified</c>: stored bodies and texts read and hashed again;
/// <c>failures</c>: those that did not hash to their key, could not be read, or are missing, with the snapshots relying
/// on each; <c>error</c>: why the run stopped early (<c>interrupted</c> by a shutdown, or the cause), null when it ran through.
/// </summary>
public sealed record FixityRunResponse(
    long Id,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    long BodiesVerified,
    long TextsVerified,
    long FailureCount,
    IReadOnlyList<FixityFailureResponse> Failures,
    FixityRunChainResponse? Chain,
    string? Error);

/// <summary><c>target</c>: <c>body</c> or <c>text</c>; <c>problem</c>: <c>mismatch</c>, <c>unreadable</c> or <c>missing</c>.</summary>
public sealed record FixityFailureResponse(string Target, string Sha256, string Problem, string? Detail, IReadOnlyList<long> SnapshotIds);

/// <summary>The hash chain as a run found it: its head is kept so that a later rewrite of the whole chain shows.</summary>
public sealed record FixityRunChainResponse(bool Intact, long Length, ChainHeadResponse? Head, long? BrokenAtSnapshotId, string? Problem);

/// <summary>The last record of the chain: every earlier record is fixed by its hash.</summary>
public sealed record ChainHeadResponse(long SnapshotId, string RecordHash);

/// <summary>Where the chain first fails: <c>problem</c> is <c>altered</c>, <c>removed</c>, <c>unsealed</c> or <c>rewritten</c>.</summary>
public sealed record ChainBreakResponse(long SnapshotId, string Problem, string Detail);

/// <summary>The hash chain verified now, from its first record to its head.</summary>
public sealed record ChainResponse(bool Intact, long Length, ChainHeadResponse? Head, ChainBreakResponse? FirstBroken, DateTimeOffset VerifiedAt);

/// <summary>A run just started; follow it at <c>GET /api/fixity</c>.</summary>
public sealed record FixityRunStartedResponse(long RunId, string Status);

internal static class FixityMapping
{
    public static FixityRunResponse ToResponse(this FixityRunRow row, IReadOnlyList<FixityFailure> failures) => new(
        row.Id,
        row.TriggerKind,
        row.StartedAt,
        row.FinishedAt,
        row.BodiesVerified,
        row.TextsVerified,
        row.FailureCount,
        [.. failures.Select(f => new FixityFailureResponse(f.Target, f.Sha256, f.Problem, f.Detail, f.SnapshotIds))],
        row.ChainIntact is { } intact
            ? new FixityRunChainResponse(
                intact,
                row.ChainLength ?? 0,
                row.ChainHeadId is { } headId ? new ChainHeadResponse(headId, row.ChainHeadHash!) : null,
                row.ChainBrokenId,
                row.ChainProblem)
            : null,
        row.Error);

    public static ChainResponse ToResponse(this ChainReport report) => new(
        report.Intact,
        report.Length,
        report.HeadSnapshotId is { } headId ? new ChainHeadResponse(headId, report.HeadRecordHash ?? "") : null,
        report.FirstBroken is { } broken ? new ChainBreakResponse(broken.SnapshotId, broken.Problem, broken.Detail) : null,
        report.VerifiedAt);
}
