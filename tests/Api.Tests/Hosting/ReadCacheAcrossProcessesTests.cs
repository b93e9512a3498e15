using System.Net;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using Dapper;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Api.Tests.Hosting;

/// <summary>
/// What the API keeps of its polled reads never outlives a write made elsewhere: by another process on the same file (a
/// worker, a second API, the sqlite3 shell), or by time alone for the summary's count of the last seven days.
/// </summary>
public sealed class ReadCacheAcrossProcessesTests
{
    [Fact]
    public async Task AWriteByAnotherProcess_MakesTheNextReadFresh()
    {
        using var folder = new TestFolder();
        await using var api = ApiProcess.Start(
            $"--Monitor:DatabasePath={folder.DatabasePath}", "--Monitor:SeedDefaultCitations=false", "--Monitor:Worker:Enabled=false");
        Assert.True(await api.WaitStartedAsync(TimeSpan.FromSeconds(60)), "the API did not start:\n" + api.Output);
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/citations", new { url = "http://127.0.0.1:9/informe" })).StatusCode);

        using var before = await client.GetAsync("/api/citations?health=broken");
        Assert.Equal(0, (await before.ReadJsonAsync()).GetProperty("total").GetInt32());
        using (var held = await GetAsync(client, "/api/citations?health=broken", before.Headers.ETag!.Tag))
        {
            Assert.Equal(HttpStatusCode.NotModified, held.StatusCode);
        }

        // This test's process writes to the API's file, as a worker would.
        await using (var connection = new SqliteConnection($"Data Source={folder.DatabasePath};Pooling=False"))
        {
            await connection.ExecuteAsync("UPDATE citations SET health = 'broken', last_status = 'not_found'");
        }

        using var after = await GetAsync(client, "/api/citations?health=broken", before.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(1, (await after.ReadJsonAsync()).GetProperty("total").GetInt32());
        var summary = await (await client.GetAsync("/api/summary")).ReadJsonAsync();
        Assert.Equal(1, summary.GetProperty("byHealth").GetProperty("broken").GetInt32());
    }

    [Fact]
    public async Task SummaryCountOfTheLastSevenDays_DropsWhenAChangeLeavesThem_ThoughNothingWasWritten()
    {
        var clock = new MovableClock();
        await using var factory = new MonitorApiFactory();
        await using var app = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        app.UseKestrel(0);
        app.StartServer();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()) };
        var citation = (await (await client.PostJsonAsync("/api/citations", new { url = "http://127.0.0.1:9/informe" })).ReadJsonAsync()).GetProperty("id").GetInt64();
        await using (var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False"))
        {
            // A change detected a minute short of seven days ago.
            await connection.ExecuteAsync(
                """
                INSERT INTO bodies (sha256, byte_length, encoding, data, created_at) VALUES ('b', 0, 'identity', X'', @at);
                INSERT INTO texts (sha256, char_length, encoding, data) VALUES ('t', 0, 'identity', X'');
                INSERT INTO snapshots (id, citation_id, captured_at, url, final_url, http_status, check_status, kind, byte_length, sha256, text_sha256, truncated)
                VALUES (1, @citation, @at, 'u', 'u', 200, 'ok', 'html', 0, 'b', 't', 0);
                INSERT INTO changes (citation_id, detected_at, from_snapshot_id, to_snapshot_id, similarity, inserted_words, deleted_words, diff)
                VALUES (@citation, @at, 1, 1, 0.5, 1, 1, '[]');
                """, new { citation, at = DbTime.ToDb(clock.GetUtcNow().AddDays(-7).AddMinutes(1)) });
        }

        using var within = await client.GetAsync("/api/summary");
        Assert.Equal(1, (await within.ReadJsonAsync()).GetProperty("changesLast7Days").GetInt32());

        clock.Advance(TimeSpan.FromMinutes(2));

        using var after = await GetAsync(client, "/api/summary", within.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(0, (await after.ReadJsonAsync()).GetProperty("changesLast7Days").GetInt32());
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string ifNoneMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await client.SendAsync(request);
    }
}
