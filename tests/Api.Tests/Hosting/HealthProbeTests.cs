using System.Net;
using CitationMonitor.TestSupport.Hosts;
using Microsoft.Data.Sqlite;

namespace CitationMonitor.Api.Tests.Hosting;

/// <summary>
/// Liveness and readiness over the real API and its SQLite file: alive while the process answers, ready while the
/// database does; a database that cannot be opened makes the process not ready, never not alive.
/// </summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task WithTheDatabaseAnswering_TheProcessIsAliveAndReady()
    {
        await using var factory = new MonitorApiFactory();
        using var client = factory.CreateClient();

        foreach (var probe in new[] { "/health/live", "/health/ready", "/healthz" })
        {
            var response = await client.GetAsync(probe);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task WhenTheDatabaseCannotBeOpened_TheProcessIsAliveButNotReady_AndReadyAgainOnceItCanBe()
    {
        await using var factory = new MonitorApiFactory();
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        // The file moved away and a folder in its place: no connection can open it any more.
        var path = factory.DatabasePath;
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
            {
                File.Move(path + suffix, path + ".away" + suffix);
            }
        }

        Directory.CreateDirectory(path);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz")).StatusCode);

        // The file back where it was: ready again, without a restart.
        Directory.Delete(path);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(path + ".away" + suffix))
            {
                File.Move(path + ".away" + suffix, path + suffix);
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }
}
