using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace CitationMonitor.Infrastructure.Snapshots;

/// <summary>
/// Compression and hashing of stored bodies and texts. A body is kept whole (Brotli, or as is when compression does not
/// pay) or, when it differs little from a body kept whole before it, as a zstd frame compressed against that body (its
/// base): a page that only changes a token or a date each time costs a few hundred bytes instead of a whole body.
/// </summary>
internal static class BodyCodec
{
    public const string Brotli = "br";
    public const string Identity = "identity";

    /// <summary>A zstd frame compressed with the base body's bytes as its dictionary (raw content, not a trained one).</summary>
    public const string ZstdDelta = "zstd-delta";

    /// <summary>Bodies or bases above this are kept whole: a delta would hold both in memory, compressing and reading.</summary>
    public const int MaxDeltaBytes = 16 * 1024 * 1024;

    /// <summary>
    /// The largest share of the body's own size a delta may take (one eighth). Brotli keeps HTML at about a quarter to a
    /// third of its size; a delta above an eighth saves little and ties the body to its base for nothing.
    /// </summary>
    private const int DeltaShareDivisor = 8;

    /// <summary>The zstd level of deltas: level 3, zstd's default, is fast and finds the long matches a delta is made of.</summary>
    private const int DeltaLevel = 3;

    /// <summary>The magic number of a zstd dictionary: a base starting with it would be read as a trained dictionary.</summary>
    private const uint DictionaryMagic = 0xEC30A437;

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Brotli at a moderate level; kept as is when compression does not pay.</summary>
    public static (string Encoding, byte[] Data) Compress(byte[] bytes)
    {
        if (bytes.Length < 64)
        {
            return (Identity, bytes);
        }

        using var output = new MemoryStream(bytes.Length / 3);
        using (var brotli = new BrotliStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            brotli.Write(bytes);
        }

        return output.Length < bytes.Length ? (Brotli, output.ToArray()) : (Identity, bytes);
    }

    /// <summary>
    /// <paramref name="bytes"/> compressed against <paramref name="baseBytes"/> (<see cref="ZstdDelta"/>), or null when a
    /// delta does not pay (larger than an eighth of the body), when either is too large to keep as a delta, or when the
    /// delta does not read back as the same bytes (never stored then: the body is kept whole instead).
    /// </summary>
    public static byte[]? CompressAgainst(byte[] bytes, byte[] baseBytes)
    {
        if (bytes.Length < 64 || bytes.Length > MaxDeltaBytes || baseBytes.Length == 0 || baseBytes.Length > MaxDeltaBytes
            || (baseBytes.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(baseBytes) == DictionaryMagic))
        {
            return null;
        }

        // Compressed into a buffer of the pool and copied out at its size; read back into another, compared, given back.
        var bound = Compressor.GetCompressBound(bytes.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(bound);
        try
        {
            int length;
            using (var compressor = new Compressor(DeltaLevel))
            {
                // The window must reach back over the whole base, or the matches a delta is made of fall out of it.
                compressor.SetParameter(ZSTD_cParameter.ZSTD_c_windowLog, WindowLog(bytes.Length + baseBytes.Length));
                compressor.LoadDictionary(baseBytes);
                length = compressor.Wrap(bytes, buffer.AsSpan(0, bound));
            }

            if (length > bytes.Length / DeltaShareDivisor)
            {
                return null;
            }

            var delta = buffer.AsSpan(0, length).ToArray();
            return ReadsBackAs(delta, baseBytes, bytes) ? delta : null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool ReadsBackAs(byte[] delta, byte[] baseBytes, byte[] bytes)
    {
        var back = ArrayPool<byte>.Shared.Rent(bytes.Length);
        try
        {
            return Decompressor.GetDecompressedSize(delta) == (ulong)bytes.Length
                && UnwrapAgainst(delta, baseBytes, back.AsSpan(0, bytes.Length)) == bytes.Length
                && back.AsSpan(0, bytes.Length).SequenceEqual(bytes);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(back);
        }
    }

    /// <summary>
    /// Decompresses stored bytes and checks them against the SHA-256 they are stored under: the bytes when they are the
    /// ones stored, otherwise why not (<paramref name="detail"/> says what was seen). The one check behind fixity runs and
    /// every read of evidence. A delta needs its base as stored (<paramref name="deltaBase"/>); the base is checked
    /// against its own hash first, so that a damaged base is named as the cause.
    /// </summary>
    public static StoredBytesProblem Open(
        string encoding, byte[] data, string sha256, out byte[] bytes, out string? detail, DeltaBase? deltaBase = null)
    {
        try
        {
            bytes = Decompress(encoding, data, deltaBase);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            bytes = [];
            detail = $"The stored bytes ({encoding}) cannot be decoded: {ex.Message}";
            return StoredBytesProblem.Unreadable;
        }

        var actual = Sha256Hex(bytes);
        detail = actual == sha256 ? null : $"The stored bytes hash to {actual}.";
        return detail is null ? StoredBytesProblem.None : StoredBytesProblem.Mismatch;
    }

    /// <summary>Decompresses bytes kept whole (Brotli or as is); a delta is refused (see the overload with its base).</summary>
    public static byte[] Decompress(string encoding, byte[] data) => Decompress(encoding, data, null);

    private static byte[] Decompress(string encoding, byte[] data, DeltaBase? deltaBase)
    {
        switch (encoding)
        {
            case Identity:
                return data;
            case Brotli:
                return DecompressBrotli(data);

            case ZstdDelta:
                return DecompressAgainst(data, BaseBytes(deltaBase));
            default:
                throw new InvalidDataException($"Unknown body encoding '{encoding}'.");
        }
    }

    /// <summary>The bytes of a delta's base, checked against the base's hash; a base is always kept whole.</summary>
    private static byte[] BaseBytes(DeltaBase? deltaBase)
    {
        if (deltaBase is not { } b)
        {
            throw new InvalidDataException("The body is kept as a delta, but no base body is named for it.");
        }

        if (b.Encoding is null || b.Data is null)
        {
            throw new InvalidDataException($"The base body {b.Sha256} it is kept against is missing.");
        }

        if (b.Encoding == ZstdDelta)
        {
            throw new InvalidDataException($"The base body {b.Sha256} is itself a delta; a base is always kept whole.");
        }

        byte[] bytes;
        try
        {
            bytes = Decompress(b.Encoding, b.Data, null);
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidDataException($"The base body {b.Sha256} it is kept against cannot be decoded: {ex.Message}", ex);
        }

        return Sha256Hex(bytes) == b.Sha256
            ? bytes
            : throw new InvalidDataException($"The base body {b.Sha256} it is kept against no longer hashes to its key.");
    }

    private static byte[] DecompressAgainst(byte[] delta, byte[] baseBytes)
    {
        var size = Decompressor.GetDecompressedSize(delta);
        if (size > MaxDeltaBytes)
        {
            throw new InvalidDataException($"The delta claims {size} bytes, more than a delta is ever made of.");
        }

        // Straight into an array of the size the frame gives: one allocation, no copy.
        var bytes = new byte[(int)size];
        var written = UnwrapAgainst(delta, baseBytes, bytes);
        return written == bytes.Length
            ? bytes
            : throw new InvalidDataException($"The delta gives {written} bytes, not the {size} its frame claims.");
    }

    /// <summary>A delta decompressed with its base as the dictionary into <paramref name="destination"/>; the bytes written.</summary>
    private static int UnwrapAgainst(byte[] delta, byte[] baseBytes, Span<byte> destination)
    {
        using var decompressor = new Decompressor();
        decompressor.LoadDictionary(baseBytes);
        return decompressor.Unwrap(delta, destination);
    }

    /// <summary>
    /// Brotli decoded into a buffer of the pool, grown as needed, and copied out at its size: one allocation of the
    /// result instead of a stream's doublings and its final copy.
    /// </summary>
    private static byte[] DecompressBrotli(byte[] data)
    {
        using var decoder = new BrotliDecoder();
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(4096, data.Length * 6));
        try
        {
            var read = 0;
            var written = 0;
            while (true)
            {
                var status = decoder.Decompress(data.AsSpan(read), buffer.AsSpan(written), out var consumed, out var produced);
                read += consumed;
                written += produced;
                switch (status)
                {
                    case OperationStatus.Done:
                        return buffer.AsSpan(0, written).ToArray();
                    case OperationStatus.DestinationTooSmall:
                        var larger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
                        buffer.AsSpan(0, written).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                        break;
                    case OperationStatus.NeedMoreData:
                        throw new InvalidDataException("The Brotli stream ends before its last block.");
                    default:
                        throw new InvalidDataException("The Brotli stream is not valid.");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int WindowLog(int bytes) => Math.Max(10, 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)bytes - 1));
}

/// <summary>The base a delta was compressed against, as stored: null encoding and data when no row is kept under the hash.</summary>
internal readonly record struct DeltaBase(string Sha256, string? Encoding, byte[]? Data);

/// <summary>What is wrong with stored bytes, if anything (see <see cref="BodyCodec.Open"/>).</summary>
internal enum StoredBytesProblem
{
    None,

    /// <summary>The stored bytes cannot be decompressed.</summary>
    Unreadable,

    /// <summary>The stored bytes decompress to bytes with another SHA-256 than their key.</summary>
    Mismatch,
}
