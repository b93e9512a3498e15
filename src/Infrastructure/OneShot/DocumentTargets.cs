using CitationMonitor.Domain.Documents;
using CitationMonitor.Domain.Extraction;

namespace CitationMonitor.Infrastructure.OneShot;

/// <summary>
/// The document the one-shot check reads: a file read by the kind of its bytes (never its name), or a page fetched
/// at its URL as <c>POST /api/documents</c> with a <c>sourceUrl</c> fetches it, its own address then one of its sources.
/// </summary>
internal sealed class DocumentTargets(SourceChecks checks)
{
    /// <summary>What was read of <paramref name="target"/>, or why it is bad input.</summary>
    public async Task<TargetRead> ReadAsync(string target, CancellationToken cancellationToken)
    {
        if (target.Contains("://", StringComparison.Ordinal))
        {
            return await ReadPageAsync(target, cancellationToken);
        }

        if (Directory.Exists(target))
        {
            return TargetRead.Bad($"{target} is a folder; give a file or a URL.");
        }

        if (!File.Exists(target))
        {
            return TargetRead.Bad($"no such file: {target}");
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(target, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return TargetRead.Bad($"{target} cannot be read: {e.Message}");
        }

        return Read(target, bytes, baseUrl: null, page: null, self: null);
    }

    private async Task<TargetRead> ReadPageAsync(string url, CancellationToken cancellationToken)
    {
        if (!UrlNormalizer.TryNormalize(url, out var normalized, out var error))
        {
            return TargetRead.Bad($"{url} is not a URL that can be checked: {error}.");
        }

        var page = CitedSource.ItSelf(url, normalized);
        var (self, body) = await checks.LookAsync(page, cancellationToken);
        if (body is null)
        {
            // An error page's links are not the document's: the page itself is the one source to report.
            return new TargetRead(null, page, self, null);
        }

        return Read(url, body, self.FinalUrl ?? normalized.Url, page, self);
    }

    private static TargetRead Read(string target, byte[] bytes, string? baseUrl, CitedSource? page, SourceCheck? self)
    {
        ReadDocument? read;
        try
        {
            read = DocumentReaders.Read(bytes, baseUrl);
        }
        catch (UnreadableDocumentException unreadable)
        {
            return TargetRead.Bad($"{target} cannot be read: {unreadable.Message}");
        }

        return read is null
            ? TargetRead.Bad(
                $"{target} is not of a kind the monitor reads: give a PDF, a Word file (.docx), a web page, a BibTeX or CSL-JSON export, plain text or Markdown. The kind is told from the bytes, not the name.")
            : new TargetRead(read, page, self, null);
    }
}

/// <summary>
/// The document as read (null when a page could not be fetched), a page's own address as a source and the look at it
/// (both null for a file), or the reason the target is bad input.
/// </summary>
internal sealed record TargetRead(ReadDocument? Document, CitedSource? Page, SourceCheck? Self, string? Problem)
{
    public static TargetRead Bad(string problem) => new(null, null, null, problem);
}
