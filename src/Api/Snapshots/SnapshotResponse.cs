using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Snapshots;

namespace CitationMonitor.Api.Snapshots;

/// <summary>
/// One capture of a source. <c>unconfirmed</c>: its text differed from the previous capture and the confirming fetch
/// failed, so it is kept as evidence but later checks are not compared with it. <c>etag</c> and <c>lastModified</c>: the
/// validators the answer came with, sent back by the next check to ask whether the source changed. <c>request</c> and
/// <c>response</c>: the request sent for the final answer and that answer's status line and headers as received (null on
/// snapshots taken before full captures were kept).
/// <c>origin</c>:
/// <c>monitor</c> (taken by a check) or <c>web-archive</c> (a web archive's capture, the baseline at citation time), with
/// the archive's URL of it (<c>archiveUrl</c>) and when the archive made it (<c>archiveDatetime</c>), or <c>upload</c>: a
/// document's uploaded file kept as evidence, with <c>documentId</c> set and <c>citationId</c> null.
/// </summary>
public sealed record SnapshotResponse(
    long Id,
    long? CitationId,
    DateTimeOffset CapturedAt,
    string Url,
    string FinalUrl,
    int HttpStatus,
    CheckStatus Status,
    string? ContentType,
    string Kind,
    long ByteLength,
    string Sha256,
    string TextSha256,
    bool Truncated,
    string? Title,
    bool Unconfirmed,
    string? Etag,
    string? LastModified,
    string Origin,
    string? ArchiveUrl,
    DateTimeOffset? ArchiveDatetime,
    CapturedRequest? Request,
    CapturedResponse? Response)
{
    /// <summary>For a document's uploaded file (origin <c>upload</c>): the document; null for a capture of a citation.</summary>
    public long? DocumentId { get; init; }

    /// <summary>
    /// Which extraction produced the snapshot's text: the extractor's version, and <c>+</c> a fingerprint of the host's
    /// ignore selectors when it had any (<c>"2"</c>, <c>"2+1a2b3c4d"</c>); null for a snapshot taken before this was
    /// recorded (version 1) and for a document's uploaded file. A check compares its text with a baseline's made the same
    /// way: another one is read again from the baseline's stored bytes first.
    /// </summary>
    public string? Extraction { get; init; }
}

/// <summary>The request sent for the captured answer: method, absolute URL, headers in the order sent.</summary>
public sealed record CapturedRequest(string Method, string Url, IReadOnlyList<HttpHeaderField> Headers);

/// <summary>The captured answer's status line and headers, in the order received, every value on its own.</summary>
public sealed record CapturedResponse(string HttpVersion, int Status, string? Reason, IReadOnlyList<HttpHeaderField> Headers);

internal static class SnapshotMapping
{
    public static SnapshotResponse ToResponse(this SnapshotRow row)
    {
        var exchange = row.Exchange;
        return new(
        row.Id,
        row.DocumentId is null ? row.CitationId : null,
        row.CapturedAt,
        row.Url,
        row.FinalUrl,
        row.HttpStatus,
        row.CheckStatus,
        row.ContentType,
        row.Kind,
        row.ByteLength,
        row.Sha256,
        row.TextSha256,
        row.Truncated,
        row.Title,
        row.Unconfirmed,
        row.ETag,
        row.LastModified,
        row.Origin,
        row.ArchiveUrl,
        row.ArchiveDatetime,
        exchange is null ? null : new CapturedRequest(exchange.Method, exchange.Url, exchange.RequestHeaders),
        exchange is null ? null : new CapturedResponse(exchange.HttpVersion, exchange.Status, exchange.Reason, exchange.ResponseHeaders))
        {
            DocumentId = row.DocumentId,
            Extraction = row.Extraction,
        };
    }
}
