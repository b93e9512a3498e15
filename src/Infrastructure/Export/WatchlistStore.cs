using System.Runtime.CompilerServices;
using CitationMonitor.Domain.Documents;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Export;

/// <summary>
/// The watch list: every document and every citation (retired ones included) with its labels, interval, pause and
/// retirement and each of its places (document, passage, access date, first context). Read for an export a page at a
/// time, each page on its own connection, so an export of any size holds one page in memory; restored from a file in one
/// transaction, every edit audited, so that an import is whole or nothing and importing the same file twice changes
/// nothing the second time.
/// </summary>
internal sealed class WatchlistStore(IDbConnectionFactory connections, CitationStore citations, PlaceStore places, CitationLife life, TimeProvider time)
{
    /// <summary>Citations (or documents) read per page of an export.</summary>
    public const int PageSize = 500;

    private sealed class DocumentItem
    {
        public long Id { get; init; }
        public string Title { get; init; } = "";
        public string? SourceUrl { get; init; }
        public DateTimeOffset? PublishedAt { get; init; }
        public DocumentKind Kind { get; init; }
        public bool Retired { get; init; }
    }

    private sealed class CitationItem
    {
        public long Id { get; init; }
        public string Url { get; init; } = "";
        public string NormalizedUrl { get; init; } = "";
        public bool Paused { get; init; }
        public bool Retired { get; init; }
        public long? CheckIntervalSeconds { get; init; }
    }

    private sealed class PlaceItem
    {
        public long CitationId { get; init; }
        public long? DocumentId { get; init; }
        public string? Quote { get; init; }
        public DateTimeOffset? AccessedAt { get; init; }
        public int Occurrences { get; init; }
        public string? CitedUrl { get; init; }
        public string? Context { get; init; }
        public string? Footnote { get; init; }
    }

    /// <summary>What an export starting now covers.</summary>
    public async Task<WatchlistCut> CutAsync(CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var (lastDocument, lastCitation) = await work.SingleAsync<(long, long)>(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM documents), (SELECT COALESCE(MAX(id), 0) FROM citations)", null, cancellationToken);
        return new WatchlistCut(lastDocument, lastCitation, time.GetUtcNow());
    }

    /// <summary>Every document of the cut, retired ones included, in id order.</summary>
    public async IAsyncEnumerable<WatchlistDocument> DocumentsAsync(WatchlistCut cut, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            List<DocumentItem> page;
            await using (var work = await connections.ConnectAsync(cancellationToken))
            {
                page = await work.QueryAsync<DocumentItem>(
                    """
                    SELECT id, title, source_url, published_at, kind, retired FROM documents
                    WHERE id > @after AND id <= @last ORDER BY id LIMIT @size
                    """, new { after, last = cut.LastDocumentId, size = PageSize }, cancellationToken);
            }

            foreach (var d in page)
            {
                yield return new WatchlistDocument(d.Id, d.Title, d.SourceUrl, d.PublishedAt) { Kind = d.Kind, Retired = d.Retired };
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].Id;
        }
    }

    /// <summary>
    /// Every citation of the cut, retired ones included, in id order, each with its labels and its places (the documents'
    /// in document order, then its own); places of documents added after the cut are left out.
    /// </summary>
    public async IAsyncEnumerable<WatchlistCitation> CitationsAsync(WatchlistCut cut, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            List<CitationItem> page;
            ILookup<long, string> labels;
            ILookup<long, PlaceItem> placesOf;
            await using (var work = await connections.ConnectAsync(cancellationToken))
            {
                page = await work.QueryAsync<CitationItem>(
                    """
                    SELECT id, url, normalized_url, paused, retired, check_interval AS check_interval_seconds FROM citations
                    WHERE id > @after AND id <= @last ORDER BY id LIMIT @size
                    """, new { after, last = cut.LastCitationId, size = PageSize }, cancellationToken);
                var ids = work.Dialect.Ids(page.Select(c => c.Id));
                labels = (await work.QueryAsync<(long CitationId, string Label)>(
                    $"SELECT citation_id, label FROM citation_labels WHERE {work.Dialect.InList("citation_id", "@ids")} ORDER BY citation_id, label",
                    new { ids }, cancellationToken))
                    .ToLookup(l => l.CitationId, l => l.Label);
                placesOf = (await work.QueryAsync<PlaceItem>(
                    $"""
                    SELECT pl.citation_id, pl.document_id, pl.quote, pl.accessed_at,
                        (SELECT COUNT(*) FROM citation_places o WHERE o.document_id = pl.document_id AND o.citation_id = pl.citation_id) AS occurrences,
                        (SELECT o.cited_url FROM citation_places o WHERE o.document_id = pl.document_id AND o.citation_id = pl.citation_id
                         ORDER BY o.position LIMIT 1) AS cited_url,
                        (SELECT o.context FROM citation_places o WHERE o.document_id = pl.document_id AND o.citation_id = pl.citation_id
                         ORDER BY o.position LIMIT 1) AS context,
                        (SELECT o.footnote FROM citation_places o WHERE o.document_id = pl.document_id AND o.citation_id = pl.citation_id
                         AND o.footnote IS NOT NULL ORDER BY o.position LIMIT 1) AS footnote
                    FROM places pl
                    WHERE {work.Dialect.InList("pl.citation_id", "@ids")} AND (pl.document_id IS NULL OR pl.document_id <= @lastDocument)
                    ORDER BY pl.citation_id, pl.document_id IS NULL, pl.document_id
                    """, new { ids, lastDocument = cut.LastDocumentId }, cancellationToken)).ToLookup(p => p.CitationId);
            }

            foreach (var c in page)
            {
                yield return new WatchlistCitation(
                    c.Url,
                    c.NormalizedUrl,
                    [.. placesOf[c.Id].Select(p => new WatchlistPlace(p.DocumentId)
                    {
                        Quote = p.Quote,
                        AccessedAt = p.AccessedAt,
                        Context = p.Context,
                        CitedUrl = p.CitedUrl,
                        Footnote = p.Footnote,
                        Occurrences = p.Occurrences,
                    })])
                {
                    Labels = [.. labels[c.Id]],
                    CheckInterval = c.CheckIntervalSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                    Paused = c.Paused,
                    Retired = c.Retired,
                };
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            after = page[^1].Id;
        }
    }

    /// <summary>
    /// Restores a watch list, checked already (every URL valid, every place's document in the list), in one transaction:
    /// documents matched by title and source URL or created; citations matched by their normalized URL's key or created;
    /// places created where missing, with their first occurrence; then each citation's passages and access dates (where
    /// the file gives one: an import never clears a passage), labels, interval, pause and retirement set to the file's,
    /// each change audited as made by <paramref name="keyName"/>.
    /// </summary>
    public async Task<WatchlistImported> ImportAsync(Watchlist watchlist, string keyName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await connections.BeginAsync(cancellationToken);

        var documentIds = new Dictionary<long, long>();
        int documentsCreated = 0, documentsMatched = 0;
        foreach (var document in watchlist.Documents)
        {
            var (id, created) = await DocumentAsync(work, document, now, cancellationToken);
            documentIds[document.Ref] = id;
            (documentsCreated, documentsMatched) = created ? (documentsCreated + 1, documentsMatched) : (documentsCreated, documentsMatched + 1);
        }

        int citationsCreated = 0, citationsMatched = 0, placesCreated = 0, placesMatched = 0, changes = 0;
        foreach (var citation in watchlist.Citations)
        {
            if (!UrlNormalizer.TryNormalize(citation.Url, out var normalized, out var error))
            {
                throw new ArgumentException($"The watch list was not checked: {citation.Url}: {error}", nameof(watchlist));
            }

            // Looked up first: a retired citation is not brought back by being found (UpsertAsync would), only by the file's state.
            var citationId = await work.SingleOrDefaultAsync<long?>(
                "SELECT id FROM citations WHERE url_key = @Key", new { normalized!.Key }, cancellationToken);
            if (citationId is null)
            {
                citationId = (await citations.UpsertAsync(work, citation.Url, normalized, now, keyName, null, cancellationToken)).Id;
                citationsCreated++;
            }
            else
            {
                citationsMatched++;
            }

            var id = citationId.Value;
            IEnumerable<WatchlistPlace> placesOfCitation = citation.Places.Count > 0 ? citation.Places : [new WatchlistPlace(null)];
            foreach (var place in placesOfCitation)
            {
                var documentId = place.DocumentRef is { } documentRef ? documentIds[documentRef] : (long?)null;
                var placeId = await PlaceIdAsync(work, id, documentId, cancellationToken);
                if (placeId is null)
                {
                    await AddPlaceAsync(work, id, documentId, citation, place, cancellationToken);
                    placeId = await PlaceIdAsync(work, id, documentId, cancellationToken);
                    placesCreated++;
                }
                else
                {
                    placesMatched++;
                }

                var edit = new CitationEdit
                {
                    SetsQuote = place.Quote is not null,
                    Quote = place.Quote,
                    SetsAccessedAt = place.AccessedAt is not null,
                    AccessedAt = place.AccessedAt,
                };
                if (edit.TouchesPlace)
                {
                    changes += await life.ApplyAsync(work, id, new PlaceRef(placeId!.Value, documentId), edit, keyName, cancellationToken) ?? 0;
                }
            }

            changes += await life.ApplyAsync(
                work, id, null,
                new CitationEdit
                {
                    Labels = citation.Labels,
                    SetsCheckInterval = true,
                    CheckInterval = citation.CheckInterval,
                    Paused = citation.Paused,
                    Restores = !citation.Retired,
                    Retires = citation.Retired,
                },
                keyName, cancellationToken) ?? 0;
        }

        await work.CommitAsync(cancellationToken);
        return new WatchlistImported(
            new ImportCount(documentsCreated, documentsMatched),
            new ImportCount(citationsCreated, citationsMatched),
            new ImportCount(placesCreated, placesMatched),
            changes);
    }

    /// <summary>
    /// The document with the same title and source URL (the first, by id), its publication date filled in when it has
    /// none; else a new one, without text or file: its places come from the watch list.
    /// </summary>
    private static async Task<(long Id, bool Created)> DocumentAsync(UnitOfWork work, WatchlistDocument document, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await work.SingleOrDefaultAsync<long?>(
            """
            SELECT MIN(id) FROM documents
            WHERE title = @Title AND (source_url = @SourceUrl OR (source_url IS NULL AND @SourceUrl IS NULL))
            """, document, cancellationToken) is { } existing)
        {
            if (document.PublishedAt is not null)
            {
                await work.ExecuteAsync(
                    "UPDATE documents SET published_at = @PublishedAt WHERE id = @existing AND published_at IS NULL",
                    new { existing, document.PublishedAt }, cancellationToken);
            }

            return (existing, false);
        }

        var id = await work.ScalarAsync<long>(
            """
            INSERT INTO documents (title, source_url, description, created_at, published_at, kind, retired, retired_at)
            VALUES (@Title, @SourceUrl, NULL, @now, @PublishedAt, @Kind, @retired, @retiredAt)
            RETURNING id
            """,
            new { document.Title, document.SourceUrl, now, document.PublishedAt, document.Kind, retired = document.Retired ? 1 : 0, retiredAt = document.Retired ? now : (DateTimeOffset?)null },
            cancellationToken);
        return (id, true);
    }

    private static Task<long?> PlaceIdAsync(UnitOfWork work, long citationId, long? documentId, CancellationToken cancellationToken) =>
        documentId is null
            ? work.SingleOrDefaultAsync<long?>("SELECT id FROM places WHERE citation_id = @citationId AND document_id IS NULL", new { citationId }, cancellationToken)
            : work.SingleOrDefaultAsync<long?>("SELECT id FROM places WHERE citation_id = @citationId AND document_id = @documentId", new { citationId, documentId }, cancellationToken);

    /// <summary>The source's own place, or a document's with its first occurrence, after the document's others.</summary>
    private async Task AddPlaceAsync(
        UnitOfWork work, long citationId, long? documentId, WatchlistCitation citation, WatchlistPlace place, CancellationToken cancellationToken)
    {
        if (documentId is not { } document)
        {
            await places.AddAloneAsync(work, citationId, cancellationToken);
            return;
        }

        var position = await work.ScalarAsync<int>(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM citation_places WHERE document_id = @document", new { document }, cancellationToken);
        var citedUrl = string.IsNullOrWhiteSpace(place.CitedUrl) ? citation.Url : place.CitedUrl;
        var context = string.IsNullOrWhiteSpace(place.Context) ? citedUrl : place.Context;
        await places.AddOccurrenceAsync(
            work, new NewPlace(document, citationId, citedUrl, context, null, position, null) { Footnote = place.Footnote }, cancellationToken);
    }
}
