using System.Text.Json;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Citations;

/// <summary>The fields of a citation whose edits are audited, as the audit names them (the API's own field names).</summary>
internal static class AuditFields
{
    public const string Quote = "quote";
    public const string AccessedAt = "accessedAt";
    public const string Paused = "paused";
    public const string Labels = "labels";
    public const string CheckInterval = "checkInterval";
    public const string Retired = "retired";
}

/// <summary>Who made an edit: the name of the API key (never the key), or what made it without one.</summary>
internal static class AuditKeys
{
    /// <summary>A write from this machine while no API key is configured.</summary>
    public const string Local = "local";

    /// <summary>The monitor itself (the bundled statement, a restore of a watch list...).</summary>
    public const string System = "system";
}

/// <summary>One edit of a citation to record: the field, and its values before and after as JSON text.</summary>
internal sealed record AuditEntry(long CitationId, long? DocumentId, string Field, string? Before, string? After)
{
    /// <summary>An entry whose values are written as JSON (null as <c>null</c>).</summary>
    public static AuditEntry Of<T>(long citationId, long? documentId, string field, T before, T after) =>
        new(citationId, documentId, field, Json(before), Json(after));

    /// <summary>Whether the edit changed anything: an edit to the same value is not recorded.</summary>
    public bool Changes => !string.Equals(Before, After, StringComparison.Ordinal);

    public static string Json<T>(T value) => JsonSerializer.Serialize(value, DapperConventions.Json);
}

/// <summary>A recorded edit.</summary>
internal sealed class AuditRow
{
    public long Id { get; init; }
    public long CitationId { get; init; }
    public long? DocumentId { get; init; }
    public DateTimeOffset At { get; init; }
    public string KeyName { get; init; } = "";
    public string Field { get; init; } = "";

    /// <summary>The value before the edit, as JSON text.</summary>
    public string? Before { get; init; }

    /// <summary>The value after the edit, as JSON text.</summary>
    public string? After { get; init; }
}

/// <summary>
/// The audit of citations (table <c>citation_audit</c>): every edit of a passage, access date, pause, labels, check
/// interval or retirement, with its time, the name of the key that made it and the values before and after. Only
/// appended to; nothing here erases it.
/// </summary>
internal sealed class CitationAuditStore(IDbConnectionFactory connections, TimeProvider time)
{
    /// <summary>Records the entries that change something, inside the edit's own unit of work; how many it recorded.</summary>
    public async Task<int> RecordAsync(UnitOfWork work, string keyName, IEnumerable<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var recorded = 0;
        foreach (var entry in entries.Where(e => e.Changes))
        {
            recorded++;
            await work.ExecuteAsync(
                """
                INSERT INTO citation_audit (citation_id, document_id, at, key_name, field, before, after)
                VALUES (@CitationId, @DocumentId, @at, @keyName, @Field, @Before, @After)
                """,
                new { entry.CitationId, entry.DocumentId, at, keyName, entry.Field, entry.Before, entry.After }, cancellationToken);
        }

        return recorded;
    }

    /// <summary>A page of a citation's edits, newest first.</summary>
    public async Task<Paged<AuditRow>> ListAsync(long citationId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.PageAsync<AuditRow>(
            "a.id, a.citation_id, a.document_id, a.at, a.key_name, a.field, a.before, a.after",
            "FROM citation_audit a", "a.id DESC",
            new SqlFilter().And("a.citation_id = @citationId", "citationId", citationId), page, cancellationToken);
    }
}
