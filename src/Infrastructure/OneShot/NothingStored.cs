using CitationMonitor.Infrastructure.Snapshots;

namespace CitationMonitor.Infrastructure.OneShot;

/// <summary>
/// The one-shot check writes no capture, so none is compressed for a write: every body and text counts as kept already.
/// </summary>
internal sealed class NothingStored : IStoredContent
{
    public Task<(bool Body, bool Text)> StoredAsync(string bodySha256, string textSha256, CancellationToken cancellationToken) =>
        Task.FromResult((true, true));

    /// <summary>No text is kept: every body is extracted.</summary>
    public Task<string?> ReusableTextAsync(string bodySha256, string textSha256, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);

    /// <summary>Nothing is written, so nothing is compressed against an earlier body.</summary>
    public Task<DeltaSource?> DeltaSourceAsync(string bodySha256, CancellationToken cancellationToken) =>
        Task.FromResult<DeltaSource?>(null);
}
