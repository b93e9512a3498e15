using System.Security.Cryptography;
using System.Text;
using CitationMonitor.Infrastructure.Snapshots;

namespace CitationMonitor.Infrastructure.Tests.Bodies;

/// <summary>
/// Bodies kept as deltas against an earlier body (<see cref="BodyCodec.CompressAgainst"/>): small when only a token
/// changed, read back byte for byte with their base, and never read without it or with a damaged one.
/// </summary>
public sealed class BodyDeltaCodecTests
{
    private static readonly byte[] Earlier = Pages.WithToken("3f2a9c81d0b44e7f", seed: 1);
    private static readonly byte[] Later = Pages.WithToken("a71e0c55f9d24b13", seed: 1);

    [Fact]
    public void ATokenOnlyChange_IsKeptInAFewHundredBytes_AndReadsBackExactly()
    {
        var delta = BodyCodec.CompressAgainst(Later, Earlier);

        Assert.NotNull(delta);
        Assert.True(delta.Length < 300, $"{delta.Length} bytes for a {Later.Length}-byte page that changed by a token");
        var (_, whole) = BodyCodec.Compress(Later);
        Assert.True(delta.Length * 10 < whole.Length, $"delta {delta.Length} bytes, whole {whole.Length} bytes");

        var problem = BodyCodec.Open(BodyCodec.ZstdDelta, delta, Sha256(Later), out var bytes, out var detail, Base(Earlier));
        Assert.Equal(StoredBytesProblem.None, problem);
        Assert.Null(detail);
        Assert.Equal(Later, bytes);
    }

    [Fact]
    public void AnotherPage_IsNotKeptAsADelta()
    {
        Assert.Null(BodyCodec.CompressAgainst(Pages.WithToken("x", seed: 2), Earlier));
    }

    [Fact]
    public void ABaseThatLooksLikeATrainedDictionary_IsNotUsed()
    {
        byte[] dictionaryLike = [0x37, 0xA4, 0x30, 0xEC, .. Earlier];

        Assert.Null(BodyCodec.CompressAgainst(Later, dictionaryLike));
    }

    [Fact]
    public void ADeltaWithoutItsBase_OrWithAMissingOrDamagedOrDeltaBase_IsUnreadable_AndSaysWhy()
    {
        var delta = BodyCodec.CompressAgainst(Later, Earlier)!;
        var sha256 = Sha256(Later);
        var (encoding, data) = BodyCodec.Compress(Earlier);
        var damaged = data.ToArray();
        damaged[damaged.Length / 2] ^= 0x40;

        Assert.Equal(StoredBytesProblem.Unreadable, BodyCodec.Open(BodyCodec.ZstdDelta, delta, sha256, out _, out var none));
        Assert.Contains("no base body", none, StringComparison.Ordinal);
        Assert.Equal(
            StoredBytesProblem.Unreadable,
            BodyCodec.Open(BodyCodec.ZstdDelta, delta, sha256, out _, out var missing, new DeltaBase(Sha256(Earlier), null, null)));
        Assert.Contains("is missing", missing, StringComparison.Ordinal);
        Assert.Equal(
            StoredBytesProblem.Unreadable,
            BodyCodec.Open(BodyCodec.ZstdDelta, delta, sha256, out _, out var broken, new DeltaBase(Sha256(Earlier), encoding, damaged)));
        Assert.Contains(Sha256(Earlier), broken, StringComparison.Ordinal);
        Assert.Equal(
            StoredBytesProblem.Unreadable,
            BodyCodec.Open(BodyCodec.ZstdDelta, delta, sha256, out _, out var chained, new DeltaBase(Sha256(Earlier), BodyCodec.ZstdDelta, delta)));
        Assert.Contains("itself a delta", chained, StringComparison.Ordinal);
    }

    [Fact]
    public void AFlippedBitInADelta_IsCaught()
    {
        var delta = BodyCodec.CompressAgainst(Later, Earlier)!;
        for (var at = 0; at < delta.Length; at += 7)
        {
            var flipped = delta.ToArray();
            flipped[at] ^= 0x10;

            var problem = BodyCodec.Open(BodyCodec.ZstdDelta, flipped, Sha256(Later), out _, out _, Base(Earlier));

            Assert.NotEqual(StoredBytesProblem.None, problem);
        }
    }

    private static DeltaBase Base(byte[] bytes)
    {
        var (encoding, data) = BodyCodec.Compress(bytes);
        return new DeltaBase(Sha256(bytes), encoding, data);
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>Government-style pages of about 20 KB of varied prose, with a per-response token in a form.</summary>
internal static class Pages
{
    private static readonly string[] Words =
    [
        "comisión", "migrantes", "frontera", "caravana", "derechos", "personas", "protección", "asilo", "informe", "estado",
        "medidas", "cautelares", "audiencia", "organizaciones", "sociedad", "civil", "gobierno", "autoridades", "garantías",
        "niñas", "niños", "familias", "refugio", "tránsito", "detención", "deportación", "solicitudes", "vulnerabilidad",
    ];

    public static byte[] WithToken(string token, int seed, int paragraphs = 60)
    {
        var random = new Random(seed);
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>Comunicado de prensa</title></head><body>\n");
        html.Append($"<form action=\"/buscar\"><input type=\"hidden\" name=\"csrf\" value=\"{token}\"><input name=\"q\"></form>\n<main>\n");
        for (var p = 0; p < paragraphs; p++)
        {
            html.Append("<p>");
            for (var w = 0; w < 45; w++)
            {
                html.Append(Words[random.Next(Words.Length)]).Append(w % 11 == 10 ? ". " : " ");
            }

            html.Append($"({random.Next(1, 2000)}/{random.Next(2015, 2027)})</p>\n");
        }

        html.Append("</main></body></html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }
}
