using System.Runtime.CompilerServices;
using System.Text;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using Dapper;

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
        // A web archive's own captures are that archive's evidence, not the monitor's: they are not exported.
        var where = new StringBuilder(
            "(s.captured_at > @afterAt OR (s.captured_at = @afterAt AND s.id > @afterId)) AND s.origin <> 'web-archive'");
        var parameters = new DynamicParameters();
        if (scope.CitationId is { } citationId)
        {
            where.Append(" AND s.citation_id = @citationId");
            parameters.Add("citationId", citationId);
        }

        if (scope.DocumentId is { } documentId)
        {
            where.Append(" AND s.citation_id IN (SELECT p.citation_id FROM citation_places p WHERE p.document_id = @documentId)");
            parameters.Add("documentId", documentId);
        }

        if (scope.Since is { } since)
        {
            where.Append(" AND s.captured_at >= @since");
            parameters.Add("since", DbTime.ToDb(since));
        }

        if (scope.Until is { } until)
        {
            where.Append(" AND s.captured_at < @until");
            parameters.Add("until", DbTime.ToDb(until));
        }

        var sql = $"SELECT {SnapshotStore.Columns} FROM snapshots s WHERE {where} ORDER BY s.captured_at, s.id LIMIT {PageSize}";
        var afterAt = "";
        long afterId = 0;
        while (true)
        {
            parameters.Add("afterAt", afterAt);
            parameters.Add("afterId", afterId);
            List<SnapshotRow> page;
            await using (var connection = await connections.OpenAsync(cancellationToken))
            {
                page = (await connection.QueryAsync<SnapshotRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
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
