using System.Text;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.TestSupport.Hosts;

/// <summary>
/// What an older monitor left in the database: a capture of a page with the bytes the site serves, the text that
/// monitor's extractor made of them (which need not be what the running extractor makes of them), and the stamp of that
/// extraction (null: taken before stamps were kept), sealed in the hash chain like any capture.
/// </summary>
internal static class OlderMonitor
{
    /// <summary>Stores the capture, taken a month ago, as an <c>ok</c> HTML snapshot of the citation; returns it as stored.</summary>
    public static async Task<SnapshotRow> StoreCaptureAsync(
        IServiceProvider services, long citationId, string url, byte[] body, string contentType, string text, string? title, string? extraction)
    {
        var snapshots = services.GetRequiredService<SnapshotStore>();
        var textBytes = Encoding.UTF8.GetBytes(text);
        var capturedAt = TimeProvider.System.GetUtcNow() - TimeSpan.FromDays(30);
        long id;
        await using (var work = await services.GetRequiredService<IDbConnectionFactory>().BeginAsync(CancellationToken.None))
        {
            await snapshots.StoreBodyAsync(work, BodyCodec.Sha256Hex(body), body.LongLength, Compressed.Of(body), capturedAt, CancellationToken.None);
            await snapshots.StoreTextAsync(work, BodyCodec.Sha256Hex(textBytes), text.Length, Compressed.Of(textBytes), CancellationToken.None);
            id = await snapshots.InsertCaptureAsync(
                work,
                new SnapshotRow
                {
                    CitationId = citationId,
                    CapturedAt = capturedAt,
                    Url = url,
                    FinalUrl = url,
                    HttpStatus = 200,
                    CheckStatus = CheckStatus.Ok,
                    ContentType = contentType,
                    Kind = ContentKinds.Html,
                    ByteLength = body.LongLength,
                    Sha256 = BodyCodec.Sha256Hex(body),
                    TextSha256 = BodyCodec.Sha256Hex(textBytes),
                    Title = title,
                    Extraction = extraction,
                },
                CancellationToken.None);
            await SnapshotChain.SealAsync(work, id, CancellationToken.None);
            await work.CommitAsync(CancellationToken.None);
        }

        return (await snapshots.GetAsync(id, CancellationToken.None))!;
    }
}
