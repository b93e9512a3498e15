using System.IO.Compression;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// The content codings the fetcher offers and undoes itself, so that the answer's <c>Content-Encoding</c> stays on
/// record as received while the body is kept decoded.
/// </summary>
public static class ContentCodings
{
    /// <summary>The <c>Accept-Encoding</c> sent with every request.</summary>
    public const string AcceptEncoding = "gzip, deflate, br";

    /// <summary>The codings named by a <c>Content-Encoding</c> value, in the order they were applied.</summary>
    public static IReadOnlyList<string> Parse(string? contentEncoding) =>
        contentEncoding is null
            ? []
            : contentEncoding.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(coding => coding.ToLowerInvariant())
                .Where(coding => coding != "identity")
                .ToList();

    /// <summary>True when the fetcher undoes every coding of <paramref name="contentEncoding"/>, so the kept body is decoded.</summary>
    public static bool IsDecoded(string? contentEncoding) => Parse(contentEncoding).All(IsKnown);

    /// <summary>
    /// A stream of the decoded body, undoing the codings last applied first; a body with a coding never offered is left
    /// as it came (and its <c>Content-Encoding</c> still describes it).
    /// </summary>
    public static Stream Decode(Stream body, string? contentEncoding)
    {
        var codings = Parse(contentEncoding);
        if (!codings.All(IsKnown))
        {
            return body;
        }

        for (var i = codings.Count - 1; i >= 0; i--)
        {
            body = codings[i] switch
            {
                "gzip" or "x-gzip" => new GZipStream(body, CompressionMode.Decompress),
                // RFC 9110's deflate is the zlib format, but some servers send raw deflate under that name, and browsers read both.
                "deflate" => new DeflateEitherStream(body),
                _ => new BrotliStream(body, CompressionMode.Decompress),
            };
        }

        return body;
    }

    private static bool IsKnown(string coding) => coding is "gzip" or "x-gzip" or "deflate" or "br";
}

/// <summary>
/// Decodes a body labelled <c>deflate</c>: the zlib format when its first two bytes are a zlib header (RFC 1950: method 8,
/// header a multiple of 31), raw deflate (RFC 1951) otherwise. The two bytes are read once and handed to the decoder.
/// </summary>
internal sealed class DeflateEitherStream(Stream inner) : Stream
{
    private Stream? _decoder;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_decoder is null)
        {
            var head = new byte[2];
            var length = 0;
            int read;
            while (length < 2 && (read = inner.Read(head, length, 2 - length)) > 0)
            {
                length += read;
            }

            _decoder = DecoderFor(head, length);
        }

        return _decoder.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_decoder is null)
        {
            var head = new byte[2];
            var length = 0;
            int read;
            while (length < 2 && (read = await inner.ReadAsync(head.AsMemory(length, 2 - length), cancellationToken)) > 0)
            {
                length += read;
            }

            _decoder = DecoderFor(head, length);
        }

        return await _decoder.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private Stream DecoderFor(byte[] head, int length)
    {
        var prefixed = new PrefixedStream(head.AsMemory(0, length), inner);
        var zlib = length == 2 && (head[0] & 0x0F) == 8 && ((head[0] << 8) | head[1]) % 31 == 0;
        return zlib ? new ZLibStream(prefixed, CompressionMode.Decompress) : new DeflateStream(prefixed, CompressionMode.Decompress);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            (_decoder ?? inner).Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Bytes already read from a stream, then the rest of it.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : Stream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_prefix.IsEmpty)
            {
                return rest.Read(buffer);
            }

            var length = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..length].CopyTo(buffer);
            _prefix = _prefix[length..];
            return length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_prefix.IsEmpty)
            {
                return rest.ReadAsync(buffer, cancellationToken);
            }

            var length = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..length].CopyTo(buffer.Span);
            _prefix = _prefix[length..];
            return ValueTask.FromResult(length);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                rest.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
