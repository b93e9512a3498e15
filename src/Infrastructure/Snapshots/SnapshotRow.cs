namespace CitationMonitor.Infrastructure.Snapshots;

internal sealed class SnapshotRow
{
    public long Id { get; init; }
    public long CitationId { get; init; }
    public string CapturedAt { get; init; } = "";
    public string Url { get; init; } = "";
    public string FinalUrl { get; init; } = "";
    public int HttpStatus { get; init; }
    public string CheckStatus { get; init; } = "";
    public string? ContentType { get; init; }
    public string Kind { get; init; } = "";
    public long ByteLength { get; init; }
    public string Sha256 { get; init; } = "";
    public string TextSha256 { get; init; } = "";
    public bool Truncated { get; init; }
    public string? Title { get; init; }

    /// <summary>The text differed from the baseline and the confirming fetch failed: never a baseline itself.</summary>
    public bool Unconfirmed { get; init; }

    /// <summary>The <c>ETag</c> of the answer captured, as sent; null when there was none.</summary>
    public string? ETag { get; init; }

    /// <summary>The <c>Last-Modified</c> of the answer captured, as sent; null when there was none.</summary>
    public string? LastModified { get; init; }
}

/// <summary>Stored bytes of a snapshot, decompressed, with the content type they were served with.</summary>
internal sealed record SnapshotBody(byte[] Bytes, string? ContentType);
