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
