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

    /// <summary>No body is kept.</summary>
    public Task<StoredBody?> BodyAsync(string bodySha256, CancellationToken cancellationToken) =>
        Task.FromResult<StoredBody?>(null);
}
