using System.Runtime.CompilerServices;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;

namespace CitationMonitor.Infrastructure.Export;

/// <summary>
/// The snapshots of an export in the order they were captured (capture time, then id), read a page at a time (each page on
/// its own connection, after the last row seen), so an export of any size holds one page of rows and one body in memory.
/// Capture order, not id order: a check that started earlier can be recorded after one that started later.
/// </summary>
internal sealed class WarcExportStore(IDbConnectionFactory connections)
{
    private const int PageSize = 200;

    public async IAsyncEnumerable<SnapshotRow> SnapshotsAsync(WarcScope scope, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A web archive's own captures are that archive's evidence, not the monitor's: they are not exported. A document's
        // uploaded file is the monitor's evidence: it is in the document's export and in the whole one.
        var where = new SqlFilter()
            .And("(s.captured_at > @afterAt OR (s.captured_at = @afterAt AND s.id > @afterId))")
            .And("s.origin <> 'web-archive'")
            .And("s.citation_id = @citationId", "citationId", scope.CitationId)
            .And(
                "(s.citation_id IN (SELECT p.citation_id FROM citation_places p WHERE p.document_id = @documentId) OR s.document_id = @documentId)",
                "documentId", scope.DocumentId)
            // captured_at is text on both engines (the hash chain seals it as stored): compared as its stored spelling.
            .And("s.captured_at >= @since", "since", DbTime.ToDb(scope.Since))
            .And("s.captured_at < @until", "until", DbTime.ToDb(scope.Until));
        var sql = $"SELECT {SnapshotStore.Columns} FROM snapshots s {where} ORDER BY s.captured_at, s.id LIMIT {PageSize}";
        var afterAt = DateTimeOffset.MinValue;
        long afterId = 0;
        while (true)
        {
            where.Parameters.Add("afterAt", DbTime.ToDb(afterAt));
            where.Parameters.Add("afterId", afterId);
            List<SnapshotRow> page;
            await using (var work = await connections.ConnectAsync(cancellationToken))
            {
                page = await work.QueryAsync<SnapshotRow>(sql, where.Parameters, cancellationToken);
            }

            foreach (var row in page)
            {
                yield return row;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }

            (afterAt, afterId) = (page[^1].CapturedAt, page[^1].Id);
        }
    }
}
