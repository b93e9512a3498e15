using System.IO.Compression;
using System.Security.Cryptography;

namespace CitationMonitor.Infrastructure.Snapshots;

/// <summary>Compression and hashing of stored bodies and texts.</summary>
internal static class BodyCodec
{
    public const string Brotli = "br";
    public const string Identity = "identity";

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
    /// Decompresses stored bytes and checks them against the SHA-256 they are stored under: the bytes when they are the
    /// ones stored, otherwise why not (<paramref name="detail"/> says what was seen). The one check behind fixity runs and
    /// every read of evidence.
    /// </summary>
    public static StoredBytesProblem Open(string encoding, byte[] data, string sha256, out byte[] bytes, out string? detail)
    {
        try
        {
            bytes = Decompress(encoding, data);
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

    public static byte[] Decompress(string encoding, byte[] data)
    {
        if (encoding == Identity)
        {
            return data;
        }

        if (encoding != Brotli)
        {
            throw new InvalidDataException($"Unknown body encoding '{encoding}'.");
        }

        using var input = new MemoryStream(data);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream(data.Length * 4);
        brotli.CopyTo(output);
        return output.ToArray();
    }
}

/// <summary>What is wrong with stored bytes, if anything (see <see cref="BodyCodec.Open"/>).</summary>
internal enum StoredBytesProblem
{
    None,

    /// <summary>The stored bytes cannot be decompressed.</summary>
    Unreadable,

    /// <summary>The stored bytes decompress to bytes with another SHA-256 than their key.</summary>
    Mismatch,
}
