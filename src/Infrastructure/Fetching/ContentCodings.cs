using System.Buffers;
using System.IO.Compression;
using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.GZip;
using ICSharpCode.SharpZipLib.Zip.Compression;
using ICSharpCode.SharpZipLib.Zip.Compression.Streams;

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
    /// as it came (and its <c>Content-Encoding</c> still describes it). A compressed stream that is corrupt, or that
    /// stops before its end (the framework's own decoders would end silently there), throws
    /// <see cref="ContentDecodingException"/> when it is read.
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
            var coded = new EndAwareStream(body);
            Stream decoder = codings[i] switch
            {
                // Multi-member gzip is read whole; the CRC and length of each member are checked.
                "gzip" or "x-gzip" => new GZipInputStream(coded),
                // RFC 9110's deflate is the zlib format, but some servers send raw deflate under that name, and browsers read both.
                "deflate" => new DeflateEitherStream(coded),
                _ => new CheckedBrotliStream(coded),
            };
            body = new CheckedDecodingStream(coded, decoder, codings[i]);
        }

        return body;
    }

    private static bool IsKnown(string coding) => coding is "gzip" or "x-gzip" or "deflate" or "br";
}

/// <summary>
/// Decodes a body labelled <c>deflate</c>: the zlib format when its first two bytes are a zlib header (RFC 1950: method 8,
/// header a multiple of 31), raw deflate (RFC 1951) otherwise. The two bytes are read once and handed to the decoder.
/// </summary>
internal sealed class DeflateEitherStream(Stream inner) : ReadOnlyStream
{
    private Stream? _decoder;

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
        if (length == 0)
        {
            // An empty body is empty, whatever it claims to be coded with.
            return Null;
        }

        var prefixed = new PrefixedStream(head.AsMemory(0, length), inner);
        var zlib = length == 2 && (head[0] & 0x0F) == 8 && ((head[0] << 8) | head[1]) % 31 == 0;
        return new InflaterInputStream(prefixed, new Inflater(noHeader: !zlib));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            (_decoder ?? inner).Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Bytes already read from a stream, then the rest of it.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream rest) : ReadOnlyStream
    {
        private ReadOnlyMemory<byte> _prefix = prefix;

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

/// <summary>A compressed body that could not be decoded: corrupt, or cut off before the end of its compressed stream.</summary>
public sealed class ContentDecodingException(string coding, bool cutOff, Exception inner)
    : Exception(cutOff ? $"{coding} body cut off before its end" : $"corrupt {coding} data", inner)
{
    public string Coding { get; } = coding;

    /// <summary>True when the compressed stream ended early; false when its data is corrupt.</summary>
    public bool CutOff { get; } = cutOff;
}

/// <summary>A pass-through stream that remembers whether its source has ended.</summary>
internal sealed class EndAwareStream(Stream inner) : ReadOnlyStream
{
    public bool Ended { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Seen(inner.Read(buffer, offset, count), count);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Seen(await inner.ReadAsync(buffer, cancellationToken), buffer.Length);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Seen(int read, int asked)
    {
        Ended |= read == 0 && asked > 0;
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// A decoder whose own failures become <see cref="ContentDecodingException"/>: cut off when its compressed source had
/// ended, corrupt otherwise. Failures of the source itself (a reset connection) pass through as they are.
/// </summary>
internal sealed class CheckedDecodingStream(EndAwareStream coded, Stream decoder, string coding) : ReadOnlyStream
{
    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            return decoder.Read(buffer, offset, count);
        }
        catch (Exception exception) when (IsDecoderFailure(exception))
        {
            throw new ContentDecodingException(coding, IsCutOff(exception), exception);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await decoder.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception exception) when (IsDecoderFailure(exception))
        {
            throw new ContentDecodingException(coding, IsCutOff(exception), exception);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private static bool IsDecoderFailure(Exception exception) =>
        exception is SharpZipBaseException or EndOfStreamException or InvalidDataException;

    // A checksum that does not match, or data no decoder accepts, is corruption even when it is found at the end.
    private bool IsCutOff(Exception exception) =>
        exception is EndOfStreamException || coded.Ended && exception is not (GZipException or InvalidDataException);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decoder.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// Brotli decoding on <see cref="BrotliDecoder"/>, which tells a finished stream from one that still needs data:
/// <see cref="BrotliStream"/> ends silently on a cut-off stream, this throws <see cref="EndOfStreamException"/>.
/// </summary>
internal sealed class CheckedBrotliStream(Stream inner) : ReadOnlyStream
{
    private const int InputSize = 16 * 1024;

    private readonly byte[] _input = ArrayPool<byte>.Shared.Rent(InputSize);
    private BrotliDecoder _decoder;
    private int _start;
    private int _end;
    private bool _finished;

    public override int Read(byte[] buffer, int offset, int count)
    {
        int written;
        while (!TryDecode(buffer.AsSpan(offset, count), out written))
        {
            Filled(inner.Read(_input, _end, _input.Length - _end));
        }

        return written;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int written;
        while (!TryDecode(buffer.Span, out written))
        {
            Filled(await inner.ReadAsync(_input.AsMemory(_end, _input.Length - _end), cancellationToken));
        }

        return written;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Decodes what is buffered; false when more input is needed before anything can be returned.</summary>
    private bool TryDecode(Span<byte> destination, out int written)
    {
        written = 0;
        if (_finished || destination.IsEmpty)
        {
            return true;
        }

        var status = _decoder.Decompress(_input.AsSpan(_start, _end - _start), destination, out var consumed, out written);
        _start += consumed;
        switch (status)
        {
            case System.Buffers.OperationStatus.InvalidData:
                throw new InvalidDataException("corrupt brotli data");
            case System.Buffers.OperationStatus.Done:
                _finished = true;
                return true;
            case System.Buffers.OperationStatus.NeedMoreData when written == 0:
                // Keep the unread tail at the front so the next read has room.
                _input.AsSpan(_start, _end - _start).CopyTo(_input);
                _end -= _start;
                _start = 0;
                return false;
            default:
                return true;
        }
    }

    private void Filled(int read)
    {
        if (read == 0)
        {
            throw new EndOfStreamException("brotli stream cut off before its end");
        }

        _end += read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decoder.Dispose();
            ArrayPool<byte>.Shared.Return(_input);
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>What every read-only, forward-only stream here says of itself.</summary>
internal abstract class ReadOnlyStream : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
