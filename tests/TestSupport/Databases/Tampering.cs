using System.Data.Common;
using Dapper;

namespace CitationMonitor.TestSupport.Databases;

/// <summary>What a test that damages stored evidence on purpose needs, on either database.</summary>
public static class Tampering
{
    /// <summary>
    /// Lets <paramref name="db"/> break references from here on, as someone editing the database by hand could: SQLite's
    /// foreign keys off for the connection; on PostgreSQL, the test schema's foreign keys dropped.
    /// </summary>
    public static async Task AllowBrokenReferencesAsync(this DbConnection db)
    {
        if (db is Microsoft.Data.Sqlite.SqliteConnection)
        {
            await db.ExecuteAsync("PRAGMA foreign_keys = OFF");
            return;
        }

        await db.ExecuteAsync(
            """
            DO $$
            DECLARE r record;
            BEGIN
                FOR r IN SELECT conrelid::regclass AS tab, conname FROM pg_constraint
                         WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
                LOOP
                    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tab, r.conname);
                END LOOP;
            END $$;
            """);
    }
}
