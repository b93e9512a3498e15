using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace CitationMonitor.Infrastructure.Export;

/// <summary>A WARC header field, written as <c>Name: Value</c>.</summary>
internal sealed record WarcField(string Name, string Value);

/// <summary>
/// Writes WARC 1.1 records to a stream, each record its own gzip member (a <c>.warc.gz</c> that can be indexed and read
/// from any record's offset). A record is built and compressed in memory, one at a time, then written out.
/// </summary>
internal sealed class WarcWriter(Stream output)
{
    public const string Version = "WARC/1.1";
    public const string RevisitProfile = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";

    private static readonly byte[] RecordEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>
    /// Writes one record whose block is <paramref name="head"/> followed by <paramref name="payload"/>. The writer adds
    /// <c>WARC-Block-Digest</c> (over the whole block), <c>WARC-Payload-Digest</c> when <paramref name="payloadDigest"/>
    /// is given, and <c>Content-Length</c>.
    /// </summary>
    public async Task WriteAsync(
        IReadOnlyList<WarcField> fields, ReadOnlyMemory<byte> head, ReadOnlyMemory<byte> payload, string? payloadDigest,
        CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(head.Span);
        hash.AppendData(payload.Span);
        var blockDigest = "sha256:" + Base32.Encode(hash.GetHashAndReset());

        var header = new StringBuilder(Version).Append("\r\n");
        foreach (var field in fields)
        {
            header.Append(field.Name).Append(": ").Append(OneLine(field.Value)).Append("\r\n");
        }

        header.Append("WARC-Block-Digest: ").Append(blockDigest).Append("\r\n");
        if (payloadDigest is not null)
        {
            header.Append("WARC-Payload-Digest: ").Append(payloadDigest).Append("\r\n");
        }

        header.Append("Content-Length: ").Append((head.Length + payload.Length).ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");

        using var member = new MemoryStream();
        using (var gzip = new GZipStream(member, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(header.ToString()));
            gzip.Write(head.Span);
            gzip.Write(payload.Span);
            gzip.Write(RecordEnd);
        }

        await output.WriteAsync(member.GetBuffer().AsMemory(0, (int)member.Length), cancellationToken);
    }

    /// <summary>A <c>WARC-Payload-Digest</c> or <c>WARC-Block-Digest</c> value: SHA-256 in base32.</summary>
    public static string Digest(ReadOnlySpan<byte> bytes) => "sha256:" + Base32.Encode(SHA256.HashData(bytes));

    /// <summary>The same digest from a SHA-256 already computed, in hex.</summary>
    public static string HashDigest(string sha256Hex) => "sha256:" + Base32.Encode(Convert.FromHexString(sha256Hex));

    /// <summary>A stable <c>WARC-Record-ID</c>: the same seed gives the same id in every export.</summary>
    public static string RecordId(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        // An RFC 9562 version 8 (custom) UUID from the first 128 bits of the hash.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return $"<urn:uuid:{new Guid(hash.AsSpan(0, 16), bigEndian: true)}>";
    }

    /// <summary>A WARC date: UTC, ISO 8601, with the fraction of a second the capture was timed to.</summary>
    public static string Date(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    // A header value is one line: a stray line break in stored text must not start a field of its own.
    private static string OneLine(string value) => value.ReplaceLineEndings(" ");
}
