using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Security;

/// <summary>
/// The key ring that protects the pages' cookies and anti-forgery tokens, one XML element per key, in the database
/// (table <c>data_protection_keys</c>), so that every API host over one database uses the same keys.
/// </summary>
internal sealed class DataProtectionKeyStore(IDbConnectionFactory connections, TimeProvider time)
{
    public async Task<List<string>> AllAsync(CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        return await work.QueryAsync<string>("SELECT xml FROM data_protection_keys ORDER BY id", null, cancellationToken);
    }

    /// <summary>Stores a key; a name already stored is the same key written by another host, and the first copy stays.</summary>
    public async Task StoreAsync(string friendlyName, string xml, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        await work.ExecuteAsync(
            """
            INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@friendlyName, @xml, @now)
            ON CONFLICT (friendly_name) DO NOTHING
            """,
            new { friendlyName, xml, now = time.GetUtcNow() }, cancellationToken);
    }
}
