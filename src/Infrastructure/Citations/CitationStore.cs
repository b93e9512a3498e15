using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Domain.Vocabulary;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Citations;

/// <summary>Reads and writes citations and the places that cite them.</summary>
internal sealed class CitationStore(IDbConnectionFactory connections, PlaceStore places, CitationLife life, TimeProvider time)
{
    /// <summary>Contexts given per place: the first few occurrences say enough of where a document cites a source.</summary>
    public const int MaxContexts = 3;

    private const string Columns =
        """
        c.id, c.url, c.normalized_url, c.url_key, c.host, c.health, c.last_status, c.last_http_status, c.last_reason,
        c.last_checked_at, c.next_check_at, c.last_ok_at, c.last_changed_at, c.final_url, c.title,
        c.consecutive_failures, c.first_failure_at, c.check_count, c.change_count, c.snapshot_count, c.created_at,
        c.moved_to, c.archived_url, c.archived_at, c.paused, c.retired, c.retired_at, c.check_interval AS check_interval_seconds
        """;

    /// <summary>Adds a watched source as the monitor itself (see the overload with a key's name).</summary>
    public async Task<(CitationWithPlaces Citation, bool Created)> AddAsync(
        string citedUrl, NormalizedUrl url, long? documentId, string? context, CancellationToken cancellationToken)
    {
        var (citation, created, _) = await AddAsync(citedUrl, url, documentId, context, AuditKeys.System, cancellationToken);
        return (citation, created);
    }

    /// <summary>
    /// Adds a watched source, or returns the existing one with the same key (brought back if it was retired, the key
    /// named <paramref name="keyName"/> recorded as the one that did). With a document, an occurrence in it is added
    /// either way (unless that very occurrence, same URL and context, is recorded already), and so the document's place;
    /// without one, the source's place of its own.
    /// </summary>
    public async Task<(CitationWithPlaces Citation, bool Created, bool Restored)> AddAsync(
        string citedUrl, NormalizedUrl url, long? documentId, string? context, string keyName, CancellationToken cancellationToken)
    {
        Upserted upserted;
        await using (var work = await connections.BeginAsync(cancellationToken))
        {
            upserted = await UpsertAsync(work, citedUrl, url, time.GetUtcNow(), keyName, documentId, cancellationToken);
            var id = upserted.Id;
            if (documentId is { } document)
            {
                var position = await work.ScalarAsync<int>(
                    "SELECT COALESCE(MAX(position), -1) + 1 FROM citation_places WHERE document_id = @document", new { document }, cancellationToken);
                await places.AddOccurrenceAsync(work, new NewPlace(document, id, citedUrl, context ?? citedUrl, null, position, null), cancellationToken);
            }
            else
            {
                await places.AddAloneAsync(work, id, cancellationToken);
            }

            await work.CommitAsync(cancellationToken);
        }

        return ((await GetAsync(upserted.Id, documentId, cancellationToken))!, upserted.Created, upserted.Restored);
    }

    /// <summary>
    /// Inserts a citation unless its key is already watched. The URL checked keeps the scheme it was first cited
    /// with: a site that serves only http must not start failing because a later document cites it as https.
    /// A retired citation cited again is brought back, recorded as done by <paramref name="keyName"/> for
    /// <paramref name="documentId"/> (null: watched on its own).
    /// </summary>
    public async Task<Upserted> UpsertAsync(
        UnitOfWork work, string citedUrl, NormalizedUrl url, DateTimeOffset now, string keyName, long? documentId, CancellationToken cancellationToken)
    {
        if (await work.SingleOrDefaultAsync<long?>("SELECT id FROM citations WHERE url_key = @Key", new { url.Key }, cancellationToken) is { } existing)
        {
            return new Upserted(existing, false, await life.RestoreIfRetiredAsync(work, existing, documentId, keyName, cancellationToken));
        }

        // Another writer may insert the same key between the read and the insert (PostgreSQL has many at once): then
        // nothing is inserted here, and the citation is theirs.
        var id = await work.ScalarAsync<long?>(
            """
            INSERT INTO citations (url, normalized_url, url_key, host, health, next_check_at, created_at)
            VALUES (@citedUrl, @Url, @Key, @Host, @health, @now, @now)
            ON CONFLICT (url_key) DO NOTHING
            RETURNING id
            """,
            new { citedUrl, url.Url, url.Key, url.Host, health = CitationHealth.Unknown, now }, cancellationToken);
        if (id is null)
        {
            var theirs = await work.SingleAsync<long>("SELECT id FROM citations WHERE url_key = @Key", new { url.Key }, cancellationToken);
            return new Upserted(theirs, false, await life.RestoreIfRetiredAsync(work, theirs, documentId, keyName, cancellationToken));
        }

        return new Upserted(id.Value, true, false);
    }

    public Task<CitationWithPlaces?> GetAsync(long id, CancellationToken cancellationToken) => GetAsync(id, null, cancellationToken);

    /// <summary>The citation with the places an answer shows, and the place of <paramref name="documentId"/> whatever its rank.</summary>
    public async Task<CitationWithPlaces?> GetAsync(long id, long? documentId, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var row = await work.SingleOrDefaultAsync<CitationRow>($"SELECT {Columns} FROM citations c WHERE c.id = @id", new { id }, cancellationToken);
        if (row is null)
        {
            return null;
        }

        await AddLabelsAsync(work, [row], cancellationToken);
        return (await places.ForCitationsAsync(work, [row], documentId, PlaceStore.MaxListed, cancellationToken))[id];
    }

    /// <summary>The citation with every place that quotes a passage: what a check looks for in the source.</summary>
    public async Task<CitationWithPlaces?> GetForCheckAsync(long id, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var row = await work.SingleOrDefaultAsync<CitationRow>($"SELECT {Columns} FROM citations c WHERE c.id = @id", new { id }, cancellationToken);
        return row is null ? null : new CitationWithPlaces(row, await places.QuotedOfCitationAsync(work, id, cancellationToken), new PlaceSummary { CitationId = id }, null);
    }

    /// <summary>The citation alone, without its places: what a check needs of it.</summary>
    public async Task<CitationRow?> GetRowAsync(long id, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.SingleOrDefaultAsync<CitationRow>($"SELECT {Columns} FROM citations c WHERE c.id = @id", new { id }, cancellationToken);
    }

    public async Task<bool> ExistsAsync(long id, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.ScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM citations WHERE id = @id)", new { id }, cancellationToken);
    }

    public async Task<Paged<CitationWithPlaces>> ListAsync(CitationFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        var where = new SqlFilter()
            .And("c.health = @health", "health", filter.Health)
            .And("c.last_status = @status", "status", filter.Status)
            .And("c.host = @host", "host", filter.Host?.ToLowerInvariant())
            .And("EXISTS (SELECT 1 FROM citation_places p WHERE p.citation_id = c.id AND p.document_id = @documentId)", "documentId", filter.DocumentId)
            .And("c.last_changed_at >= @changedSince", "changedSince", filter.ChangedSince)
            .And(
                // LOWER is the connection's own, folding every script (see SqliteConnectionFactory).
                """
                (LOWER(c.url) LIKE @q ESCAPE '\' OR LOWER(c.normalized_url) LIKE @q ESCAPE '\'
                 OR LOWER(COALESCE(c.title, '')) LIKE @q ESCAPE '\'
                 OR EXISTS (SELECT 1 FROM citation_places p WHERE p.citation_id = c.id AND LOWER(p.context) LIKE @q ESCAPE '\'))
                """,
                "q",
                SqlFilter.Containing(filter.Query))
            .And("EXISTS (SELECT 1 FROM citation_labels l WHERE l.citation_id = c.id AND l.label = @label)", "label", filter.Label)
            .And("c.paused = @paused", "paused", filter.Paused is { } paused ? (paused ? 1 : 0) : null)
            .And("EXISTS (SELECT 1 FROM places pl WHERE pl.citation_id = c.id AND pl.quote_status = @quoteStatus)", "quoteStatus", filter.Quote)
            .And("c.retired = @retired", "retired", filter.Retired ? 1 : 0);

        await using var work = await connections.ConnectAsync(cancellationToken);
        var rows = await work.PageAsync<CitationRow>(Columns, "FROM citations c", "c.id DESC", where, page, cancellationToken);
        await AddLabelsAsync(work, rows.Items, cancellationToken);
        var placesOf = await places.ForCitationsAsync(work, rows.Items, null, PlaceStore.MaxListed, cancellationToken);
        return rows.Map(r => placesOf[r.Id]);
    }

    /// <summary>
    /// A page of the citations of one document, in the order the document first cites them, each with this document's
    /// place and its first <paramref name="listed"/> other documents.
    /// </summary>
    public async Task<Paged<CitationWithPlaces>> ListForDocumentAsync(long documentId, PageRequest page, int listed, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var total = await work.ScalarAsync<int>("SELECT COUNT(*) FROM places WHERE document_id = @documentId", new { documentId }, cancellationToken);
        var rows = await work.QueryAsync<CitationRow>(
            $"""
            SELECT {Columns} FROM citations c
            JOIN (SELECT citation_id, MIN(position) AS first_position FROM citation_places
                  WHERE document_id = @documentId GROUP BY citation_id) p ON p.citation_id = c.id
            ORDER BY p.first_position
            LIMIT @limit OFFSET @offset
            """, new { documentId, limit = page.PageSize, offset = page.Offset }, cancellationToken);
        await AddLabelsAsync(work, rows, cancellationToken);
        var placesOf = await places.ForCitationsAsync(work, rows, documentId, listed, cancellationToken);
        return new Paged<CitationWithPlaces>([.. rows.Select(r => placesOf[r.Id])], page.Page, page.PageSize, total);
    }

    /// <summary>How many of each document's citations have each health, for several documents in one query; every health listed.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyDictionary<CitationHealth, int>>> HealthOfDocumentsAsync(
        IReadOnlyCollection<long> documentIds, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var counts = await work.QueryAsync<(long DocumentId, string Health, int Count)>(
            $"""
            SELECT pl.document_id, c.health, COUNT(*) FROM places pl JOIN citations c ON c.id = pl.citation_id
            WHERE {work.Dialect.InList("pl.document_id", "@documentIds")} GROUP BY pl.document_id, c.health
            """, new { documentIds = work.Dialect.Ids(documentIds) }, cancellationToken);
        return documentIds.ToDictionary(
            id => id,
            id => (IReadOnlyDictionary<CitationHealth, int>)Enum.GetValues<CitationHealth>().ToDictionary(
                h => h, h => counts.Where(c => c.DocumentId == id && c.Health == WireName.Of(h)).Sum(c => c.Count)));
    }

    /// <summary>How many of a document's citations have each health; every health listed.</summary>
    public async Task<IReadOnlyDictionary<CitationHealth, int>> HealthOfDocumentAsync(long documentId, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var counts = (await work.QueryAsync<(string Health, int Count)>(
            """
            SELECT c.health, COUNT(*) FROM places pl JOIN citations c ON c.id = pl.citation_id
            WHERE pl.document_id = @documentId GROUP BY c.health
            """, new { documentId }, cancellationToken)).ToDictionary(h => WireName.Parse<CitationHealth>(h.Health), h => h.Count);
        return Enum.GetValues<CitationHealth>().ToDictionary(h => h, h => counts.GetValueOrDefault(h));
    }

    /// <summary>
    /// Stores what a check made of its citation, inside the check's unit of work: the new health and last status, when it
    /// is due again, its counters, and the end of the check's lease (only when the lease is still the check's). What the
    /// check could not tell (a final URL without an answer, a title of a failed page) stays as it was.
    /// </summary>
    /// <returns>The citation's own check interval as stored now, in seconds (null: the configured one).</returns>
    public Task<long?> RecordCheckAsync(UnitOfWork work, CheckedCitation state, CancellationToken cancellationToken) =>
        work.ScalarAsync<long?>(
            """
            UPDATE citations SET
                health = @Health,
                last_status = @LastStatus,
                last_http_status = @LastHttpStatus,
                last_reason = @LastReason,
                last_checked_at = @CheckedAt,
                next_check_at = @NextCheckAt,
                last_ok_at = COALESCE(@OkAt, last_ok_at),
                last_changed_at = COALESCE(@ChangedAt, last_changed_at),
                final_url = COALESCE(@FinalUrl, final_url),
                moved_to = CASE WHEN @FinalUrl IS NULL THEN moved_to ELSE @MovedTo END,
                title = COALESCE(@Title, title),
                consecutive_failures = @ConsecutiveFailures,
                first_failure_at = @FirstFailureAt,
                check_count = check_count + 1,
                change_count = change_count + @Changes,
                snapshot_count = snapshot_count + @Snapshots,
                lease_until = CASE WHEN lease_owner = @LeaseOwner THEN NULL ELSE lease_until END,
                lease_owner = CASE WHEN lease_owner = @LeaseOwner THEN NULL ELSE lease_owner END
            WHERE id = @Id
            RETURNING check_interval
            """, state, cancellationToken);

    /// <summary>Sets when a citation is due, inside the caller's unit of work.</summary>
    public Task RescheduleAsync(UnitOfWork work, long id, DateTimeOffset nextCheckAt, CancellationToken cancellationToken) =>
        work.ExecuteAsync("UPDATE citations SET next_check_at = @nextCheckAt WHERE id = @id", new { id, nextCheckAt }, cancellationToken);

    /// <summary>A web archive's baseline was stored for the citation, with <paramref name="changes"/> changes to its capture.</summary>
    public Task RecordBaselineAsync(UnitOfWork work, long id, int changes, DateTimeOffset recordedAt, CancellationToken cancellationToken) =>
        work.ExecuteAsync(
            """
            UPDATE citations SET
                snapshot_count = snapshot_count + 1,
                change_count = change_count + @changes,
                last_changed_at = CASE WHEN @changes > 0 THEN @recordedAt ELSE last_changed_at END
            WHERE id = @id
            """, new { id, changes, recordedAt }, cancellationToken);

    /// <summary>Who a notification about the citation names: its id, URLs and the health stored now.</summary>
    public Task<CitationIdentity> IdentityAsync(UnitOfWork work, long id, CancellationToken cancellationToken) =>
        work.SingleAsync<CitationIdentity>("SELECT id, url, normalized_url, health FROM citations WHERE id = @id", new { id }, cancellationToken);

    /// <summary>
    /// Degraded citations (neither paused nor retired: their health stands still while nothing checks them) whose failures have lasted <see cref="HealthPolicy.BrokenAfter"/> and numbered
    /// <see cref="HealthPolicy.BrokenAfterFailures"/>: the contract's rule for <c>broken</c>, evaluated in SQL.
    /// </summary>
    public Task<List<long>> OverdueBrokenAsync(UnitOfWork work, HealthPolicy policy, DateTimeOffset now, CancellationToken cancellationToken) =>
        work.QueryAsync<long>(
            """
            SELECT id FROM citations
            WHERE health = @degraded AND consecutive_failures >= @BrokenAfterFailures AND first_failure_at <= @cutoff
              AND paused = 0 AND retired = 0
            """ + work.Dialect.ForUpdateSkipLocked,
            new { degraded = CitationHealth.Degraded, policy.BrokenAfterFailures, cutoff = now - policy.BrokenAfter }, cancellationToken);

    public Task<int> MarkBrokenAsync(UnitOfWork work, IReadOnlyCollection<long> ids, CancellationToken cancellationToken) =>
        work.ExecuteAsync(
            $"UPDATE citations SET health = @broken WHERE {work.Dialect.InList("id", "@ids")} AND health = @degraded",
            new { broken = CitationHealth.Broken, degraded = CitationHealth.Degraded, ids = work.Dialect.Ids(ids) }, cancellationToken);

    /// <summary>Reads the labels of <paramref name="rows"/> onto them.</summary>
    private static async Task AddLabelsAsync(UnitOfWork work, IReadOnlyList<CitationRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var ids = work.Dialect.Ids(rows.Select(r => r.Id));
        var labels = (await work.QueryAsync<(long CitationId, string Label)>(
            $"SELECT citation_id, label FROM citation_labels WHERE {work.Dialect.InList("citation_id", "@ids")} ORDER BY citation_id, label",
            new { ids }, cancellationToken))
            .ToLookup(l => l.CitationId, l => l.Label);
        foreach (var row in rows)
        {
            row.Labels = [.. labels[row.Id]];
        }
    }
}

/// <summary>A citation inserted or found by its key: whether it was new, and whether it was retired and is back.</summary>
internal sealed record Upserted(long Id, bool Created, bool Restored);

/// <summary>A citation's state after a check; see <see cref="CitationStore.RecordCheckAsync"/>.</summary>
internal sealed record CheckedCitation(
    long Id,
    CitationHealth Health,
    CheckStatus LastStatus,
    int? LastHttpStatus,
    string? LastReason,
    DateTimeOffset CheckedAt,
    DateTimeOffset NextCheckAt,
    DateTimeOffset? OkAt,
    DateTimeOffset? ChangedAt,
    string? FinalUrl,
    string? MovedTo,
    string? Title,
    int ConsecutiveFailures,
    DateTimeOffset? FirstFailureAt,
    int Changes,
    int Snapshots,
    string LeaseOwner);

/// <summary>A citation as a notification names it.</summary>
internal sealed class CitationIdentity
{
    public long Id { get; init; }
    public string Url { get; init; } = "";
    public string NormalizedUrl { get; init; } = "";
    public CitationHealth Health { get; init; }
}
