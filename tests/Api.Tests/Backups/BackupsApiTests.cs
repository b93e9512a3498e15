using System.Net;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CitationMonitor.Api.Tests.Backups;

public sealed class BackupsApiTests : SiteApiTest
{
    private readonly string _directory;

    public BackupsApiTests()
        : this(Path.Combine(Path.GetTempPath(), "citation-monitor-tests", Guid.NewGuid().ToString("N"), "backups"))
    {
    }

    private BackupsApiTests(string directory)
        : base(new Dictionary<string, string?> { ["Monitor:Backup:Directory"] = directory }) => _directory = directory;

    [Fact]
    public async Task PostBackup_WritesAConsistentCopyThatOpensWithEveryCapture()
    {
        var citation = (await (await Client.PostJsonAsync("/api/citations", new { url = Site.Url("/report.txt") })).ReadJsonAsync()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/citations/{citation}/check", null)).StatusCode);

        var response = await Client.PostAsync("/api/backups", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var backup = await response.ReadJsonAsync();
        var path = backup.GetProperty("path").GetString()!;
        Assert.Equal(_directory, Path.GetDirectoryName(path));
        Assert.Equal(Path.GetFileName(path), backup.GetProperty("fileName").GetString());
        Assert.Equal("ok", backup.GetProperty("integrityCheck").GetString());
        Assert.Equal(1, backup.GetProperty("snapshots").GetInt64());
        Assert.Equal(new FileInfo(path).Length, backup.GetProperty("sizeBytes").GetInt64());

        await using var copy = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        Assert.Equal(
            await copy.QuerySingleAsync<string>("SELECT sha256 FROM snapshots WHERE id = 1"),
            (await (await Client.GetAsync("/api/snapshots/1")).ReadJsonAsync()).GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task PostBackup_FromAnotherMachineWithoutKey_IsUnauthorizedAndWritesNothing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/backups");
        request.Headers.Add(MonitorApiFactory.ClientAddressHeader, "203.0.113.7");

        await ProblemAssert.IsProblemAsync(await Client.SendAsync(request), HttpStatusCode.Unauthorized);
        Assert.False(Directory.Exists(_directory) && Directory.EnumerateFileSystemEntries(_directory).Any());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        var parent = Path.GetDirectoryName(_directory)!;
        if (Directory.Exists(parent))
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
