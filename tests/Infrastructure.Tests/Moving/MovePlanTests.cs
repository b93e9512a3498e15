using CitationMonitor.Infrastructure.Moving;
using CitationMonitor.TestSupport.Hosts;
using Dapper;

namespace CitationMonitor.Infrastructure.Tests.Moving;

/// <summary>The move into PostgreSQL knows every table of the schema: a table added later fails here until it is planned.</summary>
public sealed class MovePlanTests
{
    [Fact]
    public async Task ThePlan_CoversEveryTableOfTheSchema_OnceEach_InAnOrderTheirReferencesAllow()
    {
        await using var services = await MonitorServices.StartAsync(database: Infrastructure.Persistence.DatabaseProvider.Sqlite);
        await using var db = await services.OpenAsync();
        var tables = (await db.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).ToHashSet();

        var planned = DatabaseMove.Plan.Select(p => p.Table).Distinct().ToList();
        Assert.Equal(tables.Order(StringComparer.Ordinal), planned.Concat(DatabaseMove.NotMoved).Order(StringComparer.Ordinal));

        // Each table comes after every table it references (a body kept as a delta after the whole bodies).
        var references = await db.QueryAsync<(string Table, string Parent)>(
            "SELECT m.name, f.\"table\" FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'");
        var position = DatabaseMove.Plan.Select((p, i) => (p.Table, i)).GroupBy(p => p.Table).ToDictionary(g => g.Key, g => g.Min(p => p.i));
        Assert.All(
            references.Where(r => r.Table != r.Parent && position.ContainsKey(r.Table)),
            r => Assert.True(position[r.Parent] < position[r.Table], $"{r.Table} is moved before {r.Parent}, which it references"));
    }
}
