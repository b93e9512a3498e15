using System.Reflection;
using System.Text;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Infrastructure.Export;

/// <summary>
/// Streams the monitor's captures as a WARC 1.1 file: one <c>warcinfo</c> record, then for each capture, in the order
/// taken, a <c>request</c> record (when the request was kept) and a <c>response</c> record, or a <c>revisit</c> record
/// (identical-payload-digest profile) when its body is byte-identical to one already in the file. A document's uploaded
/// file is a <c>resource</c> record: the bytes as received, with the media type they were sent with, named by the
/// document's own address (or its <c>urn:citation-monitor:document:</c> name when it has none).
/// </summary>
internal sealed class WarcExporter(WarcExportStore store, SnapshotStore snapshots, TimeProvider time, ILogger<WarcExporter> logger)
{
    private static readonly string Software =
        $"CitationMonitor/{typeof(WarcExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0"}";

    public async Task WriteAsync(Stream output, WarcScope scope, string fileName, CancellationToken cancellationToken)
    {
        var writer = new WarcWriter(output);
        var now = time.GetUtcNow();
        var info = Encoding.UTF8.GetBytes(
            $"software: {Software}\r\n" +
            "format: WARC File Format 1.1\r\n" +
            "conformsTo: http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n" +
            $"description: {scope.Description.ReplaceLineEndings(" ")}\r\n" +
            "robots: ignore\r\n");
        await writer.WriteAsync(
            [
                new("WARC-Type", "warcinfo"),
                new("WARC-Record-ID", WarcWriter.RecordId($"warcinfo|{fileName}|{DbTime.ToDb(now)}")),
                new("WARC-Date", WarcWriter.Date(now)),
                new("WARC-Filename", fileName),
                new("Content-Type", "application/warc-fields"),
            ],
            info, ReadOnlyMemory<byte>.Empty, null, cancellationToken);

        // The first response record of each body in this file, which later identical bodies refer to.
        var firsts = new Dictionary<string, Original>(StringComparer.Ordinal);
        await foreach (var row in store.SnapshotsAsync(scope, cancellationToken))
        {
            await WriteCaptureAsync(writer, row, firsts, cancellationToken);
        }
    }

    private async Task WriteCaptureAsync(
        WarcWriter writer, SnapshotRow row, Dictionary<string, Original> firsts, CancellationToken cancellationToken)
    {
        var exchange = row.Origin == UploadOrigin ? null : row.Exchange;
        var target = exchange?.Url ?? row.FinalUrl;
        var date = WarcWriter.Date(row.CapturedAt);
        // Record ids are seeded with the capture time as stored, so every export names a capture's records alike.
        var seed = $"{row.Id}|{DbTime.ToDb(row.CapturedAt)}|{row.Sha256}|{target}";
        var revisitOf = row.ByteLength > 0 && row.Origin != UploadOrigin ? firsts.GetValueOrDefault(row.Sha256) : null;
        // One id per distinct record: a capture written as a revisit (of a given response) is another record than the
        // same capture written with its body, so an export that holds it one way never contradicts one that holds it
        // the other way.
        var responseId = WarcWriter.RecordId(revisitOf is null ? seed + "|response" : $"{seed}|revisit|{revisitOf.RecordId}");
        var requestId = WarcWriter.RecordId(seed + "|request");

        byte[] body = [];
        if (revisitOf is null)
        {
            try
            {
                // Checked against the snapshot's SHA-256 on the way: damaged bytes are never exported as the capture.
                if (await snapshots.GetRawAsync(row.Id, cancellationToken) is not { } stored)
                {
                    return;
                }

                body = stored.Bytes;
            }
            catch (DamagedEvidenceException damaged)
            {
                logger.LogError(
                    "Snapshot {SnapshotId} left out of a WARC export: its body {Sha256} has fixity problem {Problem}", row.Id, row.Sha256, damaged.Problem);
                return;
            }
        }

        if (row.Origin == UploadOrigin)
        {
            // A resource record's block is the file itself: no HTTP message was exchanged to get it.
            List<WarcField> resource =
            [
                new("WARC-Type", "resource"),
                new("WARC-Record-ID", WarcWriter.RecordId(seed + "|resource")),
                new("WARC-Date", date),
                new("WARC-Target-URI", target),
                new("Content-Type", row.ContentType ?? "application/octet-stream"),
            ];
            await writer.WriteAsync(resource, ReadOnlyMemory<byte>.Empty, body, WarcWriter.HashDigest(row.Sha256), cancellationToken);
            return;
        }

        if (exchange is not null)
        {
            await writer.WriteAsync(
                [
                    new("WARC-Type", "request"),
                    new("WARC-Record-ID", requestId),
                    new("WARC-Date", date),
                    new("WARC-Target-URI", target),
                    new("WARC-Concurrent-To", responseId),
                    new("Content-Type", "application/http;msgtype=request"),
                ],
                HttpMessages.RequestHead(exchange), ReadOnlyMemory<byte>.Empty, null, cancellationToken);
        }

        var head = exchange is null
            ? HttpMessages.SynthesizedResponseHead(row.HttpStatus, row.ContentType, revisitOf is null ? body.LongLength : row.ByteLength)
            : HttpMessages.ResponseHead(exchange, revisitOf is null ? body.LongLength : row.ByteLength);
        List<WarcField> fields =
        [
            new("WARC-Type", revisitOf is null ? "response" : "revisit"),
            new("WARC-Record-ID", responseId),
            new("WARC-Date", date),
            new("WARC-Target-URI", target),
        ];
        if (exchange is not null)
        {
            fields.Add(new("WARC-Concurrent-To", requestId));
        }

        if (revisitOf is { } original)
        {
            fields.Add(new("WARC-Profile", WarcWriter.RevisitProfile));
            fields.Add(new("WARC-Refers-To", original.RecordId));
            fields.Add(new("WARC-Refers-To-Target-URI", original.Uri));
            fields.Add(new("WARC-Refers-To-Date", original.Date));
        }

        if (row.Truncated)
        {
            fields.Add(new("WARC-Truncated", "length"));
        }

        fields.Add(new("Content-Type", "application/http;msgtype=response"));
        // The body was read back checked against the snapshot's SHA-256, and a revisit's payload is its original's: either
        // way the stored hash is the payload digest, without hashing the bytes a second time.
        var payloadDigest = WarcWriter.HashDigest(row.Sha256);
        await writer.WriteAsync(fields, head, body, payloadDigest, cancellationToken);
        if (revisitOf is null && row.ByteLength > 0)
        {
            firsts.TryAdd(row.Sha256, new Original(responseId, target, date));
        }
    }

    private const string UploadOrigin = "upload";

    /// <summary>The response record holding a body, which later captures of the same body refer to.</summary>
    private sealed record Original(string RecordId, string Uri, string Date);
}
