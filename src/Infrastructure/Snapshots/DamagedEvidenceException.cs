namespace CitationMonitor.Infrastructure.Snapshots;

/// <summary>
/// Stored evidence of a snapshot cannot be served as it was captured: its body or text is gone, cannot be decompressed,
/// or no longer hashes to the SHA-256 it is stored under. Never served silently: the fixity run reports the same damage.
/// </summary>
public sealed class DamagedEvidenceException(long snapshotId, string what, string sha256, string problem)
    : Exception($"The stored {what} of snapshot {snapshotId} (SHA-256 {sha256}) {Describe(problem)}; see GET /api/fixity.")
{
    public long SnapshotId { get; } = snapshotId;

    /// <summary><c>body</c> or <c>text</c>.</summary>
    public string What { get; } = what;

    public string Sha256 { get; } = sha256;

    /// <summary><c>missing</c>, <c>unreadable</c> or <c>mismatch</c>, the words of a fixity run.</summary>
    public string Problem { get; } = problem;

    private static string Describe(string problem) => problem switch
    {
        "missing" => "is missing",
        "unreadable" => "cannot be decompressed",
        "mismatch" => "no longer hashes to that SHA-256",
        _ => $"is damaged ({problem})",
    };
}
