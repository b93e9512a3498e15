using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Tests.Support;
using CitationMonitor.TestSupport.Hosts;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Infrastructure.Tests.Persistence;

/// <summary>
/// Migration 14 (places) over a real SQLite file at version 13 holding passages the old way, one per source: each passage
/// goes to the place (document, citation) it came from where that is known, else to every place of its source with a
/// note for the operator; every document and source cited gets its one place.
/// </summary>
public sealed class PlacesMigrationTests
{
    private const string Closed = "the border stays closed to all travellers";
    private const string Reopens = "the crossing reopens in March";
    private const string ByHand = "forty cases of arbitrary detention";
    private const string Elsewhere = "a passage quoted somewhere else entirely";
    private const string Alone = "the ministry did not answer";

    [Fact]
    public async Task SourcePassages_MoveToThePlacesTheyCameFrom_ElseToEveryPlaceWithANote()
    {
        var logs = new LogRecorder();
        await using var services = await MonitorServices.StartAsync(migrate: false, configure: s => s.AddLogging(l => l.AddProvider(logs)));
        var migrator = services.Get<Migrator>();
        Assert.Equal(13, await migrator.MigrateToAsync(13, CancellationToken.None));
        await using (var old = await services.OpenAsync())
        {
            await SeedVersion13Async((SqliteConnection)old);
        }

        Assert.Equal(Migrator.All.Count - 13, await migrator.MigrateAsync(CancellationToken.None));

        await using var db = await services.OpenAsync();
        var places = (await db.QueryAsync<Place>(
            """
            SELECT document_id AS DocumentId, citation_id AS CitationId, quote AS Quote, quote_status AS QuoteStatus,
                   quote_similarity AS QuoteSimilarity, quote_match AS QuoteMatch, accessed_at AS AccessedAt, created_at AS CreatedAt
            FROM places ORDER BY citation_id, document_id
            """)).ToList();

        // One place per distinct (document, citation) of citation_places, one per source no document cites, no other.
        var pairs = await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM (SELECT DISTINCT document_id, citation_id FROM citation_places)");
        Assert.Equal(5, pairs);
        Assert.Equal(pairs + 2, places.Count);
        Assert.Equal(
            [(1L, (long?)1), (1, 2), (2, 1), (2, 3), (3, null), (4, null), (5, 3)],
            places.Select(p => (p.CitationId, p.DocumentId)));

        // Citation 1: its passage was quoted next to the URL by document 1 (at its second occurrence, the first quoting
        // anything): that place alone takes it with the last verdict on it. Document 2 quoted something else there: its
        // own passage, not looked for yet.
        Assert.Equal(new Place(1, 1, Closed, "altered", 0.8571, "the border stays closed to most travellers", null, "2021-01-15T00:00:00.0000000Z"), places[0]);
        Assert.Equal(new Place(2, 1, Reopens, null, null, null, null, "2021-02-01T00:00:00.0000000Z"), places[1]);

        // Citation 2: a passage set by hand that no document quoted: both documents' places carry it, and the migration says so.
        Assert.Equal(new Place(1, 2, ByHand, "found", 1.0, ByHand, null, "2021-01-15T00:00:00.0000000Z"), places[2]);
        Assert.Equal(new Place(3, 2, ByHand, "found", 1.0, ByHand, null, "2021-03-01T00:00:00.0000000Z"), places[3]);

        // Citations 3 and 4, watched without a document: one place each, with a null document, and the passage of the
        // source (its only place, so where it came from is known).
        Assert.Equal(new Place(null, 3, Alone, "missing", 0.2, null, null, "2021-04-01T00:00:00.0000000Z"), places[4]);
        Assert.Equal(new Place(null, 4, null, null, null, null, null, "2021-04-02T00:00:00.0000000Z"), places[5]);

        // Citation 5: no passage anywhere.
        Assert.Equal(new Place(3, 5, null, null, null, null, null, "2021-03-01T00:00:00.0000000Z"), places[6]);

        // One note, for citation 2 only, naming it, its two places and the passage; logged once as the migration ran.
        var note = Assert.Single(await db.QueryAsync<(long Version, string Note)>("SELECT version, note FROM migration_notes"));
        Assert.Equal(14, note.Version);
        Assert.StartsWith("Citation 2 (http://www.oas.org/es/cidh/prensa/comunicados/2021/002.asp) had a passage set on the source", note.Note, StringComparison.Ordinal);
        Assert.Contains("each of its 2 place(s) now carries it", note.Note, StringComparison.Ordinal);
        Assert.Contains($"\"{ByHand}\"", note.Note, StringComparison.Ordinal);
        Assert.Contains("PATCH /api/documents/{id}/citations/2", note.Note, StringComparison.Ordinal);
        var logged = Assert.Single(logs.Events, e => e.Category == typeof(Migrator).FullName && e.Level == LogLevel.Warning);
        Assert.Contains(note.Note, logged.Message, StringComparison.Ordinal);

        // The source holds no passage of its own any more; the occurrences are as they were.
        Assert.Empty(await db.QueryAsync<string>("SELECT name FROM pragma_table_info('citations') WHERE name LIKE 'quote%'"));
        Assert.Equal(8, await db.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM citation_places"));

        // Earlier quote changes name the place, and so the document, whose passage they were about, when one place had it.
        var changes = (await db.QueryAsync<(long Id, long? PlaceDocument, long? DocumentId, bool HasPlace)>(
            """
            SELECT ch.id, p.document_id, ch.document_id, ch.place_id IS NOT NULL
            FROM changes ch LEFT JOIN places p ON p.id = ch.place_id ORDER BY ch.id
            """)).ToList();
        Assert.Equal(
            [
                (1L, (long?)1, (long?)1, true),   // citation 1's passage: document 1's place
                (2, null, null, false),           // citation 1's text change: no place
                (3, null, null, false),           // citation 2's passage, now on two places: which one is not known
                (4, null, null, true),            // citation 3's passage: its place without a document
            ],
            changes);

        // ...and the move they recorded: a found passage lost, to altered while some of it was left, else to missing.
        Assert.Equal(
            ["found→altered", "→", "found→altered", "found→missing"],
            await db.QueryAsync<string>("SELECT COALESCE(from_quote_status, '') || '→' || COALESCE(to_quote_status, '') FROM changes ORDER BY id"));
    }

    /// <summary>Rows as the monitor wrote them up to migration 13: a passage per source, the quotations of each occurrence.</summary>
    private static async Task SeedVersion13Async(SqliteConnection db)
    {
        await db.ExecuteAsync(
            """
            INSERT INTO documents (id, title, created_at) VALUES
                (1, 'Statement', '2021-01-15T00:00:00.0000000Z'),
                (2, 'Reply', '2021-02-01T00:00:00.0000000Z'),
                (3, 'Notes', '2021-03-01T00:00:00.0000000Z');

            INSERT INTO citations (id, url, normalized_url, url_key, host, next_check_at, created_at,
                                   quote, quote_status, quote_similarity, quote_match) VALUES
                (1, 'http://www.oas.org/es/cidh/prensa/comunicados/2021/001.asp', 'http://www.oas.org/es/cidh/prensa/comunicados/2021/001.asp',
                 'www.oas.org/es/cidh/prensa/comunicados/2021/001.asp', 'www.oas.org', '2021-05-01T00:00:00.0000000Z', '2021-01-15T00:00:00.0000000Z',
                 'the border stays closed to all travellers', 'altered', 0.8571, 'the border stays closed to most travellers'),
                (2, 'http://www.oas.org/es/cidh/prensa/comunicados/2021/002.asp', 'http://www.oas.org/es/cidh/prensa/comunicados/2021/002.asp',
                 'www.oas.org/es/cidh/prensa/comunicados/2021/002.asp', 'www.oas.org', '2021-05-01T00:00:00.0000000Z', '2021-01-15T00:00:00.0000000Z',
                 'forty cases of arbitrary detention', 'found', 1.0, 'forty cases of arbitrary detention'),
                (3, 'http://www.gob.mx/sre/prensa/3', 'http://www.gob.mx/sre/prensa/3', 'www.gob.mx/sre/prensa/3', 'www.gob.mx',
                 '2021-05-01T00:00:00.0000000Z', '2021-04-01T00:00:00.0000000Z', 'the ministry did not answer', 'missing', 0.2, NULL),
                (4, 'http://www.gob.mx/sre/prensa/4', 'http://www.gob.mx/sre/prensa/4', 'www.gob.mx/sre/prensa/4', 'www.gob.mx',
                 '2021-05-01T00:00:00.0000000Z', '2021-04-02T00:00:00.0000000Z', NULL, NULL, NULL, NULL),
                (5, 'http://www.gob.mx/sre/prensa/5', 'http://www.gob.mx/sre/prensa/5', 'www.gob.mx/sre/prensa/5', 'www.gob.mx',
                 '2021-05-01T00:00:00.0000000Z', '2021-03-01T00:00:00.0000000Z', NULL, NULL, NULL, NULL);

            -- Citation 1: cited twice by document 1 (quoting its passage the second time) and twice by document 2, which
            -- quoted something else. Citation 2: cited by documents 1 and 3, and document 3's quotation is not the
            -- passage set on the source. Citation 5: cited by document 3, quoting nothing.
            INSERT INTO citation_places (document_id, citation_id, cited_url, context, line, position, quote) VALUES
                (1, 1, 'http://www.oas.org/es/cidh/prensa/comunicados/2021/001.asp', 'first mention', 1, 0, NULL),
                (1, 1, 'http://www.oas.org/es/cidh/prensa/comunicados/2021/001.asp', 'said that the border', 4, 3, 'the border stays closed to all travellers'),
                (2, 1, 'http://www.oas.org/es/cidh/prensa/comunicados/2021/001.asp', 'the reply', 2, 0, 'the crossing reopens in March'),
                (2, 1, 'http://www.oas.org/es/cidh/prensa/comunicados/2021/001.asp', 'the reply again', 5, 1, NULL),
                (1, 2, 'http://www.oas.org/es/cidh/prensa/comunicados/2021/002.asp', 'detentions', 6, 1, NULL),
                (3, 2, 'http://www.oas.org/es/cidh/prensa/comunicados/2021/002.asp', 'notes on detentions', 1, 0, 'a passage quoted somewhere else entirely'),
                (3, 2, 'http://www.oas.org/es/cidh/prensa/comunicados/2021/002.asp', 'notes again', 3, 2, NULL),
                (3, 5, 'http://www.gob.mx/sre/prensa/5', 'see also', 2, 1, NULL);

            INSERT INTO bodies (sha256, byte_length, encoding, data, created_at) VALUES ('b', 1, 'identity', x'41', '2021-04-01T00:00:00.0000000Z');
            INSERT INTO texts (sha256, char_length, encoding, data) VALUES ('t', 1, 'identity', x'41');
            INSERT INTO snapshots (id, citation_id, captured_at, url, final_url, http_status, check_status, kind, byte_length, sha256, text_sha256, truncated) VALUES
                (1, 1, '2021-04-01T00:00:00.0000000Z', 'u', 'u', 200, 'ok', 'html', 1, 'b', 't', 0),
                (2, 1, '2021-04-02T00:00:00.0000000Z', 'u', 'u', 200, 'ok', 'html', 1, 'b', 't', 0),
                (3, 2, '2021-04-01T00:00:00.0000000Z', 'u', 'u', 200, 'ok', 'html', 1, 'b', 't', 0),
                (4, 2, '2021-04-02T00:00:00.0000000Z', 'u', 'u', 200, 'ok', 'html', 1, 'b', 't', 0),
                (5, 3, '2021-04-01T00:00:00.0000000Z', 'u', 'u', 200, 'ok', 'html', 1, 'b', 't', 0),
                (6, 3, '2021-04-02T00:00:00.0000000Z', 'u', 'u', 200, 'ok', 'html', 1, 'b', 't', 0);
            INSERT INTO changes (id, citation_id, detected_at, from_snapshot_id, to_snapshot_id, similarity, inserted_words, deleted_words, diff, kind) VALUES
                (1, 1, '2021-04-02T00:00:00.0000000Z', 1, 2, 0.8571, 1, 1, '[]', 'quote'),
                (2, 1, '2021-04-02T00:00:00.0000000Z', 1, 2, 0.9, 1, 1, '[]', 'content'),
                (3, 2, '2021-04-02T00:00:00.0000000Z', 3, 4, 0.5, 1, 1, '[]', 'quote'),
                (4, 3, '2021-04-02T00:00:00.0000000Z', 5, 6, 0, 0, 4, '[]', 'quote');
            """);
    }

    private sealed record Place(
        long? DocumentId, long CitationId, string? Quote, string? QuoteStatus, double? QuoteSimilarity, string? QuoteMatch,
        string? AccessedAt, string CreatedAt);
}
