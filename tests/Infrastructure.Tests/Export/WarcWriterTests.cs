using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using CitationMonitor.Infrastructure.Export;
using CitationMonitor.Infrastructure.Fetching;

namespace CitationMonitor.Infrastructure.Tests.Export;

public sealed class WarcWriterTests
{
    [Fact]
    public async Task Records_AreIndependentGzipMembersWithDigestsAndLength()
    {
        using var output = new MemoryStream();
        var writer = new WarcWriter(output);
        var head = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"u8.ToArray();
        var payload = "hello"u8.ToArray();

        await writer.WriteAsync([new("WARC-Type", "warcinfo")], "software: test\r\n"u8.ToArray(), ReadOnlyMemory<byte>.Empty, null, CancellationToken.None);
        var secondOffset = (int)output.Length;
        await writer.WriteAsync([new("WARC-Type", "response")], head, payload, WarcWriter.Digest(payload), CancellationToken.None);

        // Read alone from its offset, the second member is the whole second record.
        using var member = new GZipStream(new MemoryStream(output.ToArray(), secondOffset, (int)output.Length - secondOffset), CompressionMode.Decompress);
        using var reader = new MemoryStream();
        await member.CopyToAsync(reader);
        var text = Encoding.UTF8.GetString(reader.ToArray());
        var block = head.Concat(payload).ToArray();
        Assert.StartsWith("WARC/1.1\r\nWARC-Type: response\r\n", text, StringComparison.Ordinal);
        Assert.Contains($"WARC-Block-Digest: sha256:{Base32.Encode(SHA256.HashData(block))}\r\n", text, StringComparison.Ordinal);
        Assert.Contains($"WARC-Payload-Digest: sha256:{Base32.Encode(SHA256.HashData(payload))}\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith($"Content-Length: {block.Length}\r\n\r\n{Encoding.UTF8.GetString(block)}\r\n\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Base32_MatchesRfc4648TestVectors()
    {
        Assert.Equal("MZXW6YQ=", Base32.Encode("foob"u8));
        Assert.Equal("MZXW6YTBOI======", Base32.Encode("foobar"u8));
    }

    [Fact]
    public void RecordId_IsStableForTheSameSeedAndDiffersOtherwise()
    {
        Assert.Equal(WarcWriter.RecordId("snapshot 1"), WarcWriter.RecordId("snapshot 1"));
        Assert.NotEqual(WarcWriter.RecordId("snapshot 1"), WarcWriter.RecordId("snapshot 2"));
        Assert.Matches("^<urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}>$", WarcWriter.RecordId("snapshot 1"));
    }

    [Fact]
    public void ResponseHead_RenamesHeadersThatNoLongerDescribeTheStoredBody()
    {
        var exchange = new HttpExchange(
            "GET", "https://example.org/a?b=1", [new("Host", "example.org")], "1.1", 200, "OK",
            [
                new("Content-Type", "text/html"),
                new("Content-Encoding", "gzip"),
                new("Transfer-Encoding", "chunked"),
                new("Set-Cookie", "a=1"),
                new("Set-Cookie", "b=2"),
            ]);

        var head = Encoding.UTF8.GetString(HttpMessages.ResponseHead(exchange, 1234));

        Assert.Equal(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Archive-Orig-Content-Encoding: gzip\r\nX-Archive-Orig-Transfer-Encoding: chunked\r\n" +
            "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 1234\r\n\r\n",
            head);
        Assert.Equal("GET /a?b=1 HTTP/1.1\r\nHost: example.org\r\n\r\n", Encoding.UTF8.GetString(HttpMessages.RequestHead(exchange)));
    }

    [Fact]
    public void ResponseHead_KeepsAContentLengthThatMatchesAndAnEncodingNotUndone()
    {
        var exchange = new HttpExchange(
            "GET", "https://example.org/", [], "1.1", 200, null, [new("Content-Encoding", "zstd"), new("Content-Length", "10")]);

        Assert.Equal(
            "HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\nContent-Length: 10\r\n\r\n",
            Encoding.UTF8.GetString(HttpMessages.ResponseHead(exchange, 10)));
    }
}
