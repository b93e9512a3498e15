using System.Text.Json;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Citations;

/// <summary>An occurrence to record: where a document cites a citation, and the passage it quotes there, if any.</summary>
internal sealed record NewPlace(long DocumentId, long CitationId, string CitedUrl, string Context, int? Line, int Position, string? Quote)
{
    /// <summary>When the document says it accessed the source there (a reference manager's access date).</summary>
    public DateTimeOffset? AccessedAt { get; init; }

    /// <summary>The footnote the occurrence stands in, as the document numbers it.</summary>
    public string? Footnote { get; init; }
}

/// <summary>What one check found of one place's passage, in the snapshot it looked in.</summary>
internal sealed record PlaceQuoteRecord(long PlaceId, long CheckId, long? SnapshotId, QuoteMatch Match);

/// <summary>
/// Places (one document citing one source, or the source watched on its own) with the occurrences they gather, their
/// passages and what each check found of them.
/// </summary>
internal sealed class PlaceStore(IDbConnectionFactory connections, TimeProvider time)
{
    /// <summary>Documents listed with a source in an answer; the rest at <c>GET /api/citations/{id}/documents</c>.</summary>
    public const int MaxListed = 20;

    private const int OccurrencesPerStatement = 2000;

    private const string Columns =
        """
        pl.id, pl.document_id, d.title AS document_title, d.source_url AS document_source_url, pl.citation_id, pl.quote,
        pl.quote_status, pl.quote_similarity, pl.quote_match, pl.accessed_at, pl.created_at,
        (SELECT COUNT(*) FROM citation_places o WHERE o.document_id = pl.document_id AND o.citation_id = pl.citation_id) AS occurrences,
        (SELECT o.cited_url FROM citation_places o WHERE o.document_id = pl.document_id AND o.citation_id = pl.citation_id
         ORDER BY o.position LIMIT 1) AS cited_url,
        (SELECT o.line FROM citation_places o WHERE o.document_id = pl.document_id AND o.citation_id = pl.citation_id
         ORDER BY o.position LIMIT 1) AS line,
        (SELECT o.footnote FROM citation_places o WHERE o.document_id = pl.document_id AND o.citation_id = pl.citation_id
         AND o.footnote IS NOT NULL ORDER BY o.position LIMIT 1) AS footnote
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
                INSERT INTO citation_places (document_id, citation_id, cited_url, context, line, position, quote, footnote)
                VALUES (@DocumentId, @CitationId, @CitedUrl, @Context, @Line, @Position, @Quote, @Footnote)
                """, occurrence, cancellationToken);
        }

        await work.ExecuteAsync(
            """
            INSERT INTO places (document_id, citation_id, created_at)
            SELECT @DocumentId, @CitationId, @now
            WHERE NOT EXISTS (SELECT 1 FROM places WHERE document_id = @DocumentId AND citation_id = @CitationId)
            ON CONFLICT DO NOTHING
            """, new { occurrence.DocumentId, occurrence.CitationId, now = time.GetUtcNow() }, cancellationToken);
        if (occurrence.Quote is not null)
        {
            await work.ExecuteAsync(
                "UPDATE places SET quote = @Quote WHERE document_id = @DocumentId AND citation_id = @CitationId AND quote IS NULL",
                occurrence, cancellationToken);
        }
    }

    /// <summary>
    /// Records the occurrences of a new document, distinct already, and its places: one per source, its passage the first
    /// one quoted next to the URL. A statement per set (or per chunk of occurrences), whatever the document repeats.
    /// </summary>
    public async Task AddDocumentPlacesAsync(UnitOfWork work, long documentId, IReadOnlyList<NewPlace> occurrences, CancellationToken cancellationToken)
    {
        // In chunks, so that a document of tens of thousands of occurrences is never held twice over as one parameter.
        foreach (var chunk in occurrences.Chunk(OccurrencesPerStatement))
        {
            var rows = JsonSerializer.Serialize(chunk.Select(o => new { c = o.CitationId, u = o.CitedUrl, x = o.Context, l = o.Line, p = o.Position, q = o.Quote, f = o.Footnote }));
            await work.ExecuteAsync(
                $"""
                INSERT INTO citation_places (document_id, citation_id, cited_url, context, line, position, quote, footnote)
                SELECT @documentId, r.c, r.u, r.x, r.l, r.p, r.q, r.f
                FROM {work.Dialect.JsonRows("@rows", ("c", "bigint"), ("u", "text"), ("x", "text"), ("l", "bigint"), ("p", "bigint"), ("q", "text"), ("f", "text"))}
                """, new { documentId, rows }, cancellationToken);
        }

        var placesOf = JsonSerializer.Serialize(occurrences
            .GroupBy(o => o.CitationId)
            .Select(g => new
            {
                c = g.Key,
                q = g.Select(o => o.Quote).FirstOrDefault(q => q is not null),
                a = g.Select(o => o.AccessedAt).FirstOrDefault(a => a is not null) is { } accessed ? DbTime.ToDb(accessed) : null,
            }));
        await work.ExecuteAsync(
            $"""
            INSERT INTO places (document_id, citation_id, quote, accessed_at, created_at)
            SELECT @documentId, r.c, r.q, r.a, @now
            FROM {work.Dialect.JsonRows("@placesOf", ("c", "bigint"), ("q", "text"), ("a", "timestamptz"))}
            """, new { documentId, placesOf, now = time.GetUtcNow() }, cancellationToken);
    }

    /// <summary>The place of a source watched without a document, made when it has none yet.</summary>
    public Task AddAloneAsync(UnitOfWork work, long citationId, CancellationToken cancellationToken) =>
        work.ExecuteAsync(
            """
            INSERT INTO places (document_id, citation_id, created_at)
            SELECT NULL, @citationId, @now
            WHERE NOT EXISTS (SELECT 1 FROM places WHERE document_id IS NULL AND citation_id = @citationId)
            ON CONFLICT DO NOTHING
            """, new { citationId, now = time.GetUtcNow() }, cancellationToken);

    /// <summary>
    /// The places of these citations that an answer shows, and what all their places say together: for each citation its
    /// first <paramref name="listed"/> documents (by document id), its place of its own, the place whose passage speaks
    /// for it (<see cref="CitationWithPlaces.QuotePlace"/>) and the place of <paramref name="documentId"/>; each with its
    /// first few contexts. However many documents cite a source, the rows read stay bounded.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, CitationWithPlaces>> ForCitationsAsync(
        UnitOfWork work, IReadOnlyList<CitationRow> citations, long? documentId, int listed, CancellationToken cancellationToken)
    {
        if (citations.Count == 0)
        {
            return new Dictionary<long, CitationWithPlaces>();
        }

        var d = work.Dialect;
        var citationIds = d.Ids(citations.Select(c => c.Id));
        var summaries = (await work.QueryAsync<PlaceSummary>(
            $"""
            SELECT citation_id, COUNT(document_id) AS document_count, COUNT(*) AS place_count, MIN(accessed_at) AS accessed_at
            FROM places WHERE {d.InList("citation_id", "@citationIds")} GROUP BY citation_id
            """, new { citationIds }, cancellationToken)).ToDictionary(s => s.CitationId);

        // The passage in the worst state speaks for the source: missing, altered, not yet looked for, found (see
        // PlacePassages.Worst); of several, the first place.
        var quotePlaces = (await work.QueryAsync<(long CitationId, long Id)>(
            $"""
            SELECT citation_id, id FROM (
                SELECT citation_id, id, ROW_NUMBER() OVER (
                    PARTITION BY citation_id
                    ORDER BY CASE quote_status WHEN 'missing' THEN 0 WHEN 'altered' THEN 1 WHEN 'found' THEN 3 ELSE 2 END,
                             document_id IS NULL, document_id, id) AS rank
                FROM places WHERE {d.InList("citation_id", "@citationIds")} AND quote IS NOT NULL) AS ranked
            WHERE rank = 1
            """, new { citationIds }, cancellationToken)).ToDictionary(q => q.CitationId, q => q.Id);

        var quotePlaceIds = d.Ids(quotePlaces.Values);
        var places = await work.QueryAsync<PlaceRow>(
            $"""
            SELECT {Columns} {From}
            WHERE pl.id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY citation_id ORDER BY document_id) AS rank
                                            FROM places WHERE {d.InList("citation_id", "@citationIds")} AND document_id IS NOT NULL) AS ranked
                            WHERE rank <= @listed)
               OR ({d.InList("pl.citation_id", "@citationIds")} AND (pl.document_id IS NULL OR pl.document_id = @documentId))
               OR {d.InList("pl.id", "@quotePlaceIds")}
            ORDER BY pl.document_id IS NULL, pl.document_id, pl.id
            """, new { citationIds, listed, documentId, quotePlaceIds }, cancellationToken);
        await AddContextsAsync(work, places, cancellationToken);

        var placesOf = places.ToLookup(p => p.CitationId);
        return citations.ToDictionary(
            c => c.Id,
            c => new CitationWithPlaces(
                c, [.. placesOf[c.Id]],
                summaries.GetValueOrDefault(c.Id) ?? new PlaceSummary { CitationId = c.Id },
                quotePlaces.TryGetValue(c.Id, out var quotePlace) ? quotePlace : null));
    }

    /// <summary>Every place of a citation that quotes a passage: what a check looks for in the source.</summary>
    public async Task<IReadOnlyList<PlaceRow>> QuotedOfCitationAsync(UnitOfWork work, long citationId, CancellationToken cancellationToken) =>
        await work.QueryAsync<PlaceRow>(
            $"SELECT {Columns} {From} WHERE pl.citation_id = @citationId AND pl.quote IS NOT NULL ORDER BY pl.document_id IS NULL, pl.document_id, pl.id",
            new { citationId }, cancellationToken);

    /// <summary>The documents that cite a citation, a page of them in document order, each with its first few contexts.</summary>
    public async Task<Paged<PlaceRow>> DocumentsOfCitationAsync(long citationId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var rows = await work.PageAsync<PlaceRow>(
            Columns, From, "pl.document_id", new SqlFilter().And("pl.citation_id = @citationId", "citationId", citationId).And("pl.document_id IS NOT NULL"),
            page, cancellationToken);
        await AddContextsAsync(work, rows.Items, cancellationToken);
        return rows;
    }

    /// <summary>The places of one citation that answers show (see <see cref="ForCitationsAsync"/>), with <paramref name="documentId"/>'s.</summary>
    public async Task<IReadOnlyList<PlaceRow>> OfCitationAsync(long citationId, long? documentId, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var citation = new CitationRow { Id = citationId };
        return (await ForCitationsAsync(work, [citation], documentId, MaxListed, cancellationToken))[citationId].Places;
    }

    /// <summary>The place of a document and a citation (a null document: the citation watched on its own); null when none.</summary>
    public async Task<PlaceRow?> GetAsync(long? documentId, long citationId, CancellationToken cancellationToken) =>
        (await OfCitationAsync(citationId, documentId, cancellationToken)).FirstOrDefault(p => p.DocumentId == documentId);

    /// <summary>The first <see cref="CitationStore.MaxContexts"/> contexts of each document place, in citing order.</summary>
    private static async Task AddContextsAsync(UnitOfWork work, IReadOnlyList<PlaceRow> places, CancellationToken cancellationToken)
    {
        var pairs = places.Where(p => p.DocumentId is not null).Select(p => (p.DocumentId!.Value, p.CitationId)).Distinct().ToList();
        if (pairs.Count == 0)
        {
            return;
        }

        var d = work.Dialect;
        var documentIds = d.Ids(pairs.Select(p => p.Item1).Distinct());
        var citationIds = d.Ids(pairs.Select(p => p.CitationId).Distinct());
        var contexts = (await work.QueryAsync<(long DocumentId, long CitationId, string Context)>(
            $"""
            SELECT document_id, citation_id, context FROM (
                SELECT document_id, citation_id, context, position,
                       ROW_NUMBER() OVER (PARTITION BY document_id, citation_id ORDER BY position) AS rank
                FROM citation_places WHERE {d.InList("document_id", "@documentIds")} AND {d.InList("citation_id", "@citationIds")}) AS ranked
            WHERE rank <= @most ORDER BY document_id, citation_id, position
            """, new { documentIds, citationIds, most = CitationStore.MaxContexts }, cancellationToken))
            .ToLookup(o => (o.DocumentId, o.CitationId), o => o.Context);
        foreach (var place in places.Where(p => p.DocumentId is not null))
        {
            place.Contexts = [.. contexts[(place.DocumentId!.Value, place.CitationId)]];
        }
    }

    /// <summary>Sets (or, with null, clears) the passage of a place; its last verdict, on the old passage, goes.</summary>
    public async Task SetQuoteAsync(long placeId, string? quote, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        await SetQuoteAsync(work, placeId, quote, cancellationToken);
    }

    /// <summary>The same, inside the caller's unit of work.</summary>
    public Task SetQuoteAsync(UnitOfWork work, long placeId, string? quote, CancellationToken cancellationToken) =>
        work.ExecuteAsync(
            "UPDATE places SET quote = @quote, quote_status = NULL, quote_similarity = NULL, quote_match = NULL WHERE id = @placeId",
            new { placeId, quote }, cancellationToken);

    /// <summary>Sets (or, with null, clears) when the document accessed the source, inside the caller's unit of work.</summary>
    public Task SetAccessedAtAsync(UnitOfWork work, long placeId, DateTimeOffset? accessedAt, CancellationToken cancellationToken) =>
        work.ExecuteAsync("UPDATE places SET accessed_at = @accessedAt WHERE id = @placeId", new { placeId, accessedAt }, cancellationToken);

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
