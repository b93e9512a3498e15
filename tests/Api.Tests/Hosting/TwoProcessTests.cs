using CitationMonitor.Api.Tests.Support;
using CitationMonitor.Infrastructure.Tests.Support;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CitationMonitor.Api.Tests.Hosting;

/// <summary>Two real API processes on one database, as when the API and a worker start together.</summary>
public sealed class TwoProcessTests
{
    [Fact]
    public async Task TwoHostsStartingOnANewDatabase_BothRunAndTheStatementIsLoadedOnce()
    {
        for (var round = 0; round < 3; round++)
        {
            using var folder = new TestFolder();
            var database = folder.DatabasePath;
            string[] arguments = [$"--Monitor:DatabasePath={database}", "--Monitor:Worker:Enabled=false", "--Serilog:MinimumLevel:Default=Information"];

            await using var first = ApiProcess.Start(arguments);
            await using var second = ApiProcess.Start(arguments);
            await using var connection = new SqliteConnection($"Data Source={database}");
            var started = await Task.WhenAll(first.WaitStartedAsync(TimeSpan.FromSeconds(60)), second.WaitStartedAsync(TimeSpan.FromSeconds(60)));

            Assert.True(started[0], "first host did not start:\n" + first.Output);
            Assert.True(started[1], "second host did not start:\n" + second.Output);
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM documents"));
            Assert.Equal(10, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM citations"));
            Assert.Equal(11, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM citation_places"));
        }
    }
}
