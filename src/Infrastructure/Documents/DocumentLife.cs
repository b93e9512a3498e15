using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Documents;

/// <summary>A correction of a document: only what it sets changes; null clears the source URL or publication date.</summary>
internal sealed class DocumentEdit
{
    /// <summary>The new title; null leaves it (a document always has one).</summary>
    public string? Title { get; init; }
    public bool SetsSourceUrl { get; init; }
    public string? SourceUrl { get; init; }
    public bool SetsPublishedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
}

/// <summary>
/// A document's life after it is posted: corrected, and retired with the citations no other document cites. Nothing here
/// deletes a document, a place, a check, a snapshot or a change.
/// </summary>
internal sealed class DocumentLife(IDbConnectionFactory connections, CitationLife citations, TimeProvider time)
{
    /// <summary>Applies the correction; false when there is no such document.</summary>
    public async Task<bool> EditAsync(long documentId, DocumentEdit edit, CancellationToken cancellationToken)
    {
        await using var work = await connections.BeginAsync(cancellationToken);
        if (!await work.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM documents WHERE id = @documentId)", new { documentId }, cancellationToken))
        {
            return false;
        }

        if (edit.Title is { } title)
        {
            await work.ExecuteAsync("UPDATE documents SET title = @title WHERE id = @documentId", new { documentId, title }, cancellationToken);
        }

        if (edit.SetsSourceUrl)
        {
            await work.ExecuteAsync(
                "UPDATE documents SET source_url = @SourceUrl WHERE id = @documentId", new { documentId, edit.SourceUrl }, cancellationToken);
        }

        if (edit.SetsPublishedAt)
        {
            await work.ExecuteAsync(
                "UPDATE documents SET published_at = @PublishedAt WHERE id = @documentId", new { documentId, edit.PublishedAt }, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Retires the document (left out of lists, still readable by id) and, with it, each citation it cites that no other
    /// document still in use cites and that is not watched on its own: those are checked no more. Each citation retired is
    /// audited as done by <paramref name="keyName"/> for this document. Retiring a retired document changes nothing. The
    /// ids of the citations retired; null when there is no such document.
    /// </summary>
    public async Task<IReadOnlyList<long>?> RetireAsync(long documentId, string keyName, CancellationToken cancellationToken)
    {
        await using var work = await connections.BeginAsync(cancellationToken);
        var retired = await work.SingleOrDefaultAsync<bool?>(
            "SELECT retired FROM documents WHERE id = @documentId" + work.Dialect.ForUpdate, new { documentId }, cancellationToken);
        if (retired is null)
        {
            return null;
        }

        if (retired.Value)
        {
            return [];
        }

        await work.ExecuteAsync(
            "UPDATE documents SET retired = 1, retired_at = @now WHERE id = @documentId", new { documentId, now = time.GetUtcNow() }, cancellationToken);
        var orphans = await work.QueryAsync<long>(
            """
            SELECT p.citation_id FROM places p JOIN citations c ON c.id = p.citation_id
            WHERE p.document_id = @documentId AND c.retired = 0
              AND NOT EXISTS (SELECT 1 FROM places own WHERE own.citation_id = p.citation_id AND own.document_id IS NULL)
              AND NOT EXISTS (SELECT 1 FROM places other JOIN documents d ON d.id = other.document_id
                              WHERE other.citation_id = p.citation_id AND d.id <> @documentId AND d.retired = 0)
            ORDER BY p.citation_id
            """, new { documentId }, cancellationToken);
        foreach (var citationId in orphans)
        {
            await citations.RetireAsync(work, citationId, documentId, keyName, cancellationToken);
        }

        await work.CommitAsync(cancellationToken);
        return orphans;
    }
}
