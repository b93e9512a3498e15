namespace CitationMonitor.Infrastructure.Snapshots;

/// <summary>
/// Which of a captured body and its text are kept already, so that a check compresses only new content for its write
/// (<c>Checks/CaptureExtractor</c>): the database's snapshots (<see cref="SnapshotStore"/>) for the monitor; a run that
/// writes nothing answers that nothing needs compressing.
/// </summary>
internal interface IStoredContent
{
    Task<(bool Body, bool Text)> StoredAsync(string bodySha256, string textSha256, CancellationToken cancellationToken);
}
