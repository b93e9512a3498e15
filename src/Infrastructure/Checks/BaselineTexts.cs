using System.Text;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>
/// A baseline's text as the running extractor reads it (see <see cref="BaselineTexts"/>), with the title, kind and text
/// hash read along with it: what a new capture is compared with.
/// </summary>
internal sealed class BaselineText
{
    private readonly SnapshotStore _store;
    private string? _text;

    private BaselineText(SnapshotStore store, SnapshotRow snapshot, string kind, string? title, string textSha256, string? reread)
    {
        _store = store;
        Snapshot = snapshot;
        Kind = kind;
        Title = title;
        TextSha256 = textSha256;
        Reread = reread;
        _text = reread;
    }

    /// <summary>The baseline snapshot as stored.</summary>
    public SnapshotRow Snapshot { get; }

    /// <summary>The content kind, one of <see cref="ContentKinds"/>.</summary>
    public string Kind { get; }

    public string? Title { get; }

    /// <summary>The SHA-256 of <see cref="TextAsync"/>'s text, in hex.</summary>
    public string TextSha256 { get; }

    /// <summary>
    /// The text extracted again from the snapshot's bytes, when its stored text was made by another extraction; null when
    /// the stored text is the one the running extractor gives (or the bytes could not be read, and it stands in).
    /// </summary>
    public string? Reread { get; }

    /// <summary>What change detection compares of the baseline (<see cref="ChangeClassifier"/>).</summary>
    public SnapshotFacts Facts => new(Kind, Title, Snapshot.FinalUrl, TextSha256);

    /// <summary>The text: the one read again, or the stored one, read from the database the first time it is asked for.</summary>
    public async ValueTask<string> TextAsync(CancellationToken cancellationToken) =>
        _text ??= await _store.TextByHashAsync(TextSha256, cancellationToken) ?? "";

    internal static BaselineText Stored(SnapshotStore store, SnapshotRow snapshot) =>
        new(store, snapshot, snapshot.Kind, snapshot.Title, snapshot.TextSha256, null);

    internal static BaselineText ReadAgain(SnapshotStore store, SnapshotRow snapshot, ExtractedContent content) =>
        new(store, snapshot, content.Kind, content.Title, BodyCodec.Sha256Hex(Encoding.UTF8.GetBytes(content.Text)), content.Text);
}

/// <summary>
/// Reads a baseline's text as the running extractor reads it, for every comparison of a new text with a stored one (a
/// check and its confirmation, a web archive's baseline against the monitor's capture, the diff page): a snapshot whose
/// extraction stamp (<see cref="SnapshotRow.Extraction"/>) is the running one for its host gives its stored text, read
/// only if needed, at no cost beyond what a check always paid; one stored by another version of the extractor or with
/// other ignore selectors (or before stamps were kept) is extracted again from its stored bytes, verified against their
/// SHA-256, with the current extractor and the host's current selectors. An upgrade of the extractor or a change of
/// selectors is then never taken for a change of the source. The new capture is stored with the running stamp and
/// becomes the next baseline, so a citation's baseline is read again once. When the bytes are missing or damaged, the
/// stored text stands, with a warning (the fixity run reports the damage).
/// </summary>
internal sealed class BaselineTexts(SnapshotStore snapshots, NoiseRulesProvider noise, LargeBodies largeBodies, ILogger<BaselineTexts> logger)
{
    /// <param name="baseline">The snapshot compared with.</param>
    /// <param name="host">The host of its citation, whose ignore selectors apply.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="LargeBodyTurnRefusedException">The bytes are large and the check may not wait for a turn.</exception>
    public async Task<BaselineText> ReadAsync(SnapshotRow baseline, string host, CancellationToken cancellationToken)
    {
        var rules = noise.ExtractionFor(host);
        var running = ContentExtractor.Stamp(rules);
        if (ExtractionStamp.Matches(baseline.Extraction, running))
        {
            return BaselineText.Stored(snapshots, baseline);
        }

        using var turn = await largeBodies.ForStoredBodyAsync(baseline.ByteLength, cancellationToken);
        SnapshotBody? body;
        try
        {
            body = await snapshots.GetRawAsync(baseline.Id, cancellationToken);
        }
        catch (DamagedEvidenceException damaged)
        {
            logger.LogWarning(
                "Snapshot {SnapshotId} was extracted as {Stored}, not as {Running}, and its bytes cannot be read again ({Problem}): its stored text is compared",
                baseline.Id, baseline.Extraction ?? ExtractionStamp.Unrecorded, running, damaged.Problem);
            return BaselineText.Stored(snapshots, baseline);
        }

        if (body is null)
        {
            return BaselineText.Stored(snapshots, baseline);
        }

        var again = BaselineText.ReadAgain(snapshots, baseline, ContentExtractor.Extract(body.Bytes, body.ContentType, rules));
        logger.LogInformation(
            "Snapshot {SnapshotId} was extracted as {Stored}; read again from its bytes as {Running}{Same}",
            baseline.Id, baseline.Extraction ?? ExtractionStamp.Unrecorded, running,
            again.TextSha256 == baseline.TextSha256 ? " (the same text)" : "");
        return again;
    }
}
