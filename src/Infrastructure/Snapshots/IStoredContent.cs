namespace CitationMonitor.Infrastructure.Snapshots;

/// <summary>
/// Which of a captured body and its text are kept already, so that a check compresses only new content for its write
/// (<c>Checks/CaptureExtractor</c>): the database's snapshots (<see cref="SnapshotStore"/>) for the monitor; a run that
/// writes nothing answers that nothing needs compressing. It also gives back a text already kept, so that a body the
/// same as its baseline's is not extracted again.
/// </summary>
internal interface IStoredContent
{
    Task<(bool Body, bool Text)> StoredAsync(string bodySha256, string textSha256, CancellationToken cancellationToken);

    /// <summary>
    /// The text kept under <paramref name="textSha256"/>, read and checked against that hash, when the body kept under
    /// <paramref name="bodySha256"/> is there too; null when either is missing or the text's bytes are not the ones
    /// stored (then the body is extracted, and stored again if need be, as a new one would be).
    /// </summary>
    Task<string?> ReusableTextAsync(string bodySha256, string textSha256, CancellationToken cancellationToken);

    /// <summary>
    /// The body kept under <paramref name="bodySha256"/>, read back and checked against its hash, with the body kept whole
    /// that a new body following it may be compressed against (that body itself when kept whole, else its base, so a delta
    /// is always one step from a whole body). Null when it is not kept intact, or too large to be a delta's base.
    /// </summary>
    Task<StoredBody?> BodyAsync(string bodySha256, CancellationToken cancellationToken);
}
