using CitationMonitor.Domain.Quotes;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Citations;

/// <summary>An occurrence to record: where a document cites a citation, and the passage it quotes there, if any.</summary>
internal sealed record NewPlace(long DocumentId, long CitationId, string CitedUrl, string Context, int? Line, int Position, string? Quote);

/// <summary>What one check found of one place's passage, in the snapshot it looked in.</summary>
internal sealed record PlaceQuoteRecord(long PlaceId, long CheckId, long? SnapshotId, QuoteMatch Match);

/// <summary>
/// Places (one document citing one source, or the source watched on its own) with the occurrences they gather, their
/// passages and what each check found of them.
/// </summary>
internal sealed class PlaceStore(IDbConnectionFactory connections, TimeProvider time)
{
    private const string Columns =
        """
        pl.id, pl.document_id, d.title AS document_title, d.source_url AS document_source_url, pl.citation_id, pl.quote,
        pl.quote_status, pl.quote_similarity, pl.quote_match, pl.accessed_at, pl.created_at,
        (SELECT COUNT(*) FROM citation_places o WHERE o.document_id = pl.document_id AND o.citation_id = pl.citation_id) AS occurrences,
        (SELECT o.cited_url FROM citation_places o WHERE o.document_id = pl.document_id AND o.citation_id = pl.citation_id
         ORDER BY o.position LIMIT 1) AS cited_url,
        (SELECT o.line FROM citation_places o WHERE o.document_id = pl.document_id AND o.citation_id = pl.citation_id
         ORDER BY o.position LIMIT 1) AS line
        """;

    private const string From = "FROM places pl LEFT JOIN documents d ON d.id = pl.document_id";

    /// <summary>
    /// Records an occurrence of a citation in a document, unless that very occurrence (same URL as cited and context) is
    /// recorded already, and the place it belongs to; a passage quoted there becomes the place's unless it has one.
    /// </summary>
    public async Task AddOccurrenceAsync(UnitOfWork work, NewPlace occurrence, CancellationToken cancellationToken)
    {
        if (!await work.ScalarAsync<bool>(
            """
            SELECT EXISTS (SELECT 1 FROM citation_places
                           WHERE document_id = @DocumentId AND citation_id = @CitationId AND cited_url = @CitedUrl AND context = @Context)
            """, occurrence, cancellationToken))
        {
            await work.ExecuteAsync(
                """
                INSERT INTO citation_places (document_id, citation_id, cited_url, context, line, position, quote)
                VALUES (@DocumentId, @CitationId, @CitedUrl, @Context, @Line, @Position, @Quote)
                """, occurrence, cancellationToken);
        }

        await work.ExecuteAsync(
            """
            INSERT INTO places (document_id, citation_id, created_at)
            SELECT @DocumentId, @CitationId, @now
            WHERE NOT EXISTS (SELECT 1 FROM places WHERE document_id = @DocumentId AND citation_id = @CitationId)
            """, new { occurrence.DocumentId, occurrence.CitationId, now = time.GetUtcNow() }, cancellationToken);
        if (occurrence.Quote is not null)
        {
            await work.ExecuteAsync(
                "UPDATE places SET quote = @Quote WHERE document_id = @DocumentId AND citation_id = @CitationId AND quote IS NULL",
                occurrence, cancellationToken);
        }
    }

    /// <summary>The place of a source watched without a document, made when it has none yet.</summary>
    public Task AddAloneAsync(UnitOfWork work, long citationId, CancellationToken cancellationToken) =>
        work.ExecuteAsync(
            """
            INSERT INTO places (document_id, citation_id, created_at)
            SELECT NULL, @citationId, @now
            WHERE NOT EXISTS (SELECT 1 FROM places WHERE document_id IS NULL AND citation_id = @citationId)
            """, new { citationId, now = time.GetUtcNow() }, cancellationToken);

    /// <summary>The places of these citations, with the first few contexts of each, documents first in document order.</summary>
    public async Task<ILookup<long, PlaceRow>> ForCitationsAsync(UnitOfWork work, long[] citationIds, CancellationToken cancellationToken)
    {
        if (citationIds.Length == 0)
        {
            return Array.Empty<PlaceRow>().ToLookup(p => p.CitationId);
        }

        var places = await work.QueryAsync<PlaceRow>(
            $"SELECT {Columns} {From} WHERE pl.citation_id IN @citationIds ORDER BY pl.document_id IS NULL, pl.document_id, pl.id",
            new { citationIds }, cancellationToken);
        var contexts = (await work.QueryAsync<(long DocumentId, long CitationId, string Context)>(
            """
            SELECT document_id, citation_id, context FROM citation_places
            WHERE citation_id IN @citationIds ORDER BY document_id, citation_id, position
            """, new { citationIds }, cancellationToken))
            .ToLookup(o => (o.DocumentId, o.CitationId), o => o.Context);
        foreach (var place in places.Where(p => p.DocumentId is not null))
        {
            place.Contexts = [.. contexts[(place.DocumentId!.Value, place.CitationId)].Take(CitationStore.MaxContexts)];
        }

        return places.ToLookup(p => p.CitationId);
    }

    /// <summary>The places of one citation; what a check looks for in the source.</summary>
    public async Task<IReadOnlyList<PlaceRow>> OfCitationAsync(long citationId, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return [.. (await ForCitationsAsync(work, [citationId], cancellationToken))[citationId]];
    }

    /// <summary>The place of a document and a citation (a null document: the citation watched on its own); null when none.</summary>
    public async Task<PlaceRow?> GetAsync(long? documentId, long citationId, CancellationToken cancellationToken) =>
        (await OfCitationAsync(citationId, cancellationToken)).FirstOrDefault(p => p.DocumentId == documentId);

    /// <summary>Sets (or, with null, clears) the passage of a place; its last verdict, on the old passage, goes.</summary>
    public async Task SetQuoteAsync(long placeId, string? quote, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        await work.ExecuteAsync(
            "UPDATE places SET quote = @quote, quote_status = NULL, quote_similarity = NULL, quote_match = NULL WHERE id = @placeId",
            new { placeId, quote }, cancellationToken);
    }

    /// <summary>Sets (or, with null, clears) when the document accessed the source.</summary>
    public async Task SetAccessedAtAsync(long placeId, DateTimeOffset? accessedAt, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        await work.ExecuteAsync("UPDATE places SET accessed_at = @accessedAt WHERE id = @placeId", new { placeId, accessedAt }, cancellationToken);
    }

    /// <summary>The snapshots in which a check found the place's passage.</summary>
    public async Task<IReadOnlySet<long>> FoundInAsync(long placeId, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return (await work.QueryAsync<long>(
            "SELECT DISTINCT snapshot_id FROM place_quotes WHERE place_id = @placeId AND status = 'found' AND snapshot_id IS NOT NULL",
            new { placeId }, cancellationToken)).ToHashSet();
    }

    /// <summary>What a check found of a place's passage: kept with the check and its snapshot, and as the place's last verdict.</summary>
    public async Task RecordQuoteAsync(UnitOfWork work, PlaceQuoteRecord record, CancellationToken cancellationToken)
    {
        var match = record.Match;
        await work.ExecuteAsync(
            """
            INSERT INTO place_quotes (check_id, place_id, snapshot_id, status, similarity, match)
            VALUES (@CheckId, @PlaceId, @SnapshotId, @status, @similarity, @match)
            """,
            new { record.CheckId, record.PlaceId, record.SnapshotId, status = match.Status, similarity = match.Similarity, match = match.Match },
            cancellationToken);
        await work.ExecuteAsync(
            "UPDATE places SET quote_status = @status, quote_similarity = @similarity, quote_match = @match WHERE id = @PlaceId",
            new { record.PlaceId, status = match.Status, similarity = match.Similarity, match = match.Match }, cancellationToken);
    }
}
