using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Fetching;

namespace CitationMonitor.Infrastructure.Snapshots;

internal sealed class SnapshotRow
{
    public long Id { get; init; }
    /// <summary>The citation captured; 0 for a document's uploaded file (<see cref="DocumentId"/>).</summary>
    public long CitationId { get; init; }

    /// <summary>For a document's uploaded file (origin <c>upload</c>): the document; null for every capture of a citation.</summary>
    public long? DocumentId { get; init; }
    public DateTimeOffset CapturedAt { get; init; }
    public string Url { get; init; } = "";
    public string FinalUrl { get; init; } = "";
    public int HttpStatus { get; init; }
    public CheckStatus CheckStatus { get; init; }
    public string? ContentType { get; init; }
    public string Kind { get; init; } = "";
    public long ByteLength { get; init; }
    public string Sha256 { get; init; } = "";
    public string TextSha256 { get; init; } = "";
    public bool Truncated { get; init; }
    public string? Title { get; init; }

    /// <summary>
    /// What produced <see cref="TextSha256"/>'s text: the extractor's version and a fingerprint of the host's ignore
    /// selectors (<see cref="CitationMonitor.Domain.Text.ExtractionStamp"/>); null for a snapshot written before stamps
    /// were recorded (version 1) and for a document's uploaded file. Not hashed in the chain.
    /// </summary>
    public string? Extraction { get; init; }

    /// <summary>The text differed from the baseline and the confirming fetch failed: never a baseline itself.</summary>
    public bool Unconfirmed { get; init; }

    /// <summary>The <c>ETag</c> of the answer captured, as sent; null when there was none.</summary>
    public string? ETag { get; init; }

    /// <summary>The <c>Last-Modified</c> of the answer captured, as sent; null when there was none.</summary>
    public string? LastModified { get; init; }

    /// <summary>Method of the request sent for the final answer; null on snapshots from before full captures.</summary>
    public string? RequestMethod { get; init; }

    /// <summary>The URL the final request was sent to, as on its request line; null on older snapshots.</summary>
    public string? RequestUrl { get; init; }

    /// <summary>Headers of the request sent, a JSON array of [name, value] pairs in order; null on older snapshots.</summary>
    public string? RequestHeaders { get; init; }

    /// <summary>HTTP version of the answer, e.g. <c>1.1</c>; null on older snapshots.</summary>
    public string? HttpVersion { get; init; }

    /// <summary>Reason phrase of the answer's status line, as received; null on older snapshots.</summary>
    public string? ReasonPhrase { get; init; }

    /// <summary>Headers of the answer as received, a JSON array of [name, value] pairs in order; null on older snapshots.</summary>
    public string? ResponseHeaders { get; init; }

    /// <summary>
    /// <c>monitor</c> (fetched by a check), <c>web-archive</c> (a web archive's capture) or <c>upload</c> (a document's
    /// uploaded file, with <see cref="DocumentId"/> set and no citation).
    /// </summary>
    public string Origin { get; init; } = "monitor";

    /// <summary>For a web-archive capture: the archive's URL of it.</summary>
    public string? ArchiveUrl { get; init; }

    /// <summary>For a web-archive capture: when the archive captured it.</summary>
    public DateTimeOffset? ArchiveDatetime { get; init; }

    /// <summary>The previous snapshot's <see cref="RecordHash"/> in the hash chain.</summary>
    public string? PrevHash { get; init; }

    /// <summary>SHA-256 over this snapshot's fields and <see cref="PrevHash"/>.</summary>
    public string? RecordHash { get; init; }

    /// <summary>
    /// The request and answer the snapshot recorded, its header lines read from their stored JSON; null for a snapshot
    /// taken before full captures were kept.
    /// </summary>
    public HttpExchange? Exchange => HeaderFields.ExchangeOf(this);
}

/// <summary>Stored bytes of a snapshot, decompressed, with the content type they were served with.</summary>
internal sealed record SnapshotBody(byte[] Bytes, string? ContentType);
