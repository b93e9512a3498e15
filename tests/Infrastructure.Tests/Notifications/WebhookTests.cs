using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using CitationMonitor.Domain.Extraction;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Scheduling;
using CitationMonitor.TestSupport;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CitationMonitor.Infrastructure.Tests.Notifications;

/// <summary>Webhooks end to end: a watched loopback site, a receiver on loopback, and the outbox in a real SQLite file.</summary>
public sealed class WebhookTests : IAsyncLifetime
{
    private const string Secret = "s3cret-for-tests";

    private readonly ConcurrentQueue<Received> _received = new();
    private readonly ConcurrentQueue<int> _answers = new();
    private string _article = "The ministry closed the border crossing on Friday.";
    private LoopbackServer _site = null!;
    private LoopbackServer _receiver = null!;

    public async Task InitializeAsync()
    {
        _site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/article", () => Results.Content($"<html><body><main><p>{_article}</p></main></body></html>", "text/html"));
            app.MapGet("/gone", () => Results.StatusCode(410));
        });
        _receiver = await LoopbackServer.StartAsync(app => app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _received.Enqueue(new Received(
                body.ToArray(), request.Headers[WebhookSignature.Header].ToString(), request.Headers["X-Monitor-Event"].ToString(),
                request.Headers["X-Monitor-Delivery"].ToString(), request.ContentType));
            return Results.StatusCode(_answers.TryDequeue(out var status) ? status : 204);
        }));
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _site.DisposeAsync();
    }

    [OnBothDatabases]
    public async Task RecordedChange_IsPostedSignedWithTheSecretAndNamesTheChange()
    {
        await using var services = await StartAsync(events: ["change"]);
        var id = await services.WatchAsync(_site.Url("/article"));
        var checker = services.Get<CitationChecker>();
        await checker.CheckAsync(id, CancellationToken.None);
        _article = "The ministry reopened the border crossing on Monday.";
        await checker.CheckAsync(id, CancellationToken.None);

        var delivered = await services.Get<WebhookDispatcher>().DeliverDueAsync(CancellationToken.None);

        Assert.Equal(1, delivered);
        var post = Assert.Single(_received);
        Assert.True(WebhookSignature.Verify(Secret, post.Body, post.Signature), $"signature {post.Signature} does not verify");
        Assert.False(WebhookSignature.Verify("another secret", post.Body, post.Signature));
        Assert.Equal("change", post.Event);
        Assert.StartsWith("application/json", post.ContentType);
        using var payload = JsonDocument.Parse(post.Body);
        var root = payload.RootElement;
        Assert.Equal("change", root.GetProperty("event").GetString());
        Assert.Equal(id, root.GetProperty("citation").GetProperty("id").GetInt64());
        Assert.Equal(_site.Url("/article"), root.GetProperty("citation").GetProperty("normalizedUrl").GetString());
        Assert.Equal("healthy", root.GetProperty("citation").GetProperty("health").GetString());
        var change = root.GetProperty("change");
        Assert.Equal("content", change.GetProperty("kind").GetString());
        Assert.Equal(2, change.GetProperty("insertedWords").GetInt32());
        Assert.Equal($"/api/changes/{change.GetProperty("id").GetInt64()}/diff.html", change.GetProperty("diffUrl").GetString());
        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(post.Body), StringComparison.Ordinal);

        await using var connection = await services.OpenAsync();
        var row = await connection.QuerySingleAsync<(long Id, int Attempts, string? DeliveredAt, string? NextAttemptAt)>(
            "SELECT id, attempts, delivered_at, next_attempt_at FROM webhook_deliveries");
        Assert.Equal(row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), post.DeliveryId);
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.DeliveredAt);
        Assert.Null(row.NextAttemptAt);
    }

    [OnBothDatabases]
    public async Task UnsubscribedEvent_IsNeitherQueuedNorSent()
    {
        await using var services = await StartAsync(events: ["broken", "recovered"]);
        var id = await services.WatchAsync(_site.Url("/article"));
        var checker = services.Get<CitationChecker>();
        await checker.CheckAsync(id, CancellationToken.None);
        _article = "The ministry reopened the border crossing on Monday.";
        await checker.CheckAsync(id, CancellationToken.None);

        await services.Get<WebhookDispatcher>().DeliverDueAsync(CancellationToken.None);

        Assert.Empty(_received);
        await using var connection = await services.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM changes"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM webhook_deliveries"));
    }

    [OnBothDatabases]
    public async Task FailedDelivery_IsSentAgainAfterTheBackoffUntilDelivered()
    {
        _answers.Enqueue(500);
        // To the microsecond, as the database keeps times: what is read back equals what was computed.
        var clock = new FakeTimeProvider(DbTime.ToMicroseconds(TimeProvider.System.GetUtcNow()));
        await using var services = await StartAsync(events: ["broken"], brokenAfterFailures: 1, clock: clock);
        var id = await services.WatchAsync(_site.Url("/gone"));
        await services.Get<CitationChecker>().CheckAsync(id, CancellationToken.None);
        var dispatcher = services.Get<WebhookDispatcher>();

        Assert.Equal(0, await dispatcher.DeliverDueAsync(CancellationToken.None));
        await using var connection = await services.OpenAsync();
        var failed = await connection.QuerySingleAsync<(int Attempts, string? LastError, DateTimeOffset? NextAttemptAt)>(
            "SELECT attempts, last_error, next_attempt_at FROM webhook_deliveries");
        Assert.Equal((1, "HTTP 500"), (failed.Attempts, failed.LastError));
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromMilliseconds(100), failed.NextAttemptAt);

        // Not before the back-off, then at once.
        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Equal(0, await dispatcher.DeliverDueAsync(CancellationToken.None));
        Assert.Single(_received);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var delivered = await dispatcher.DeliverDueAsync(CancellationToken.None);

        Assert.Equal(1, delivered);
        Assert.Equal(2, _received.Count);
        Assert.All(_received, post => Assert.Equal("broken", post.Event));
        Assert.Single(_received.Select(post => post.DeliveryId).Distinct());
        var done = await connection.QuerySingleAsync<(int Attempts, string? DeliveredAt, string? NextAttemptAt)>(
            "SELECT attempts, delivered_at, next_attempt_at FROM webhook_deliveries");
        Assert.Equal(2, done.Attempts);
        Assert.NotNull(done.DeliveredAt);
        Assert.Null(done.NextAttemptAt);
    }

    [OnBothDatabases]
    public async Task ReceiverThatKeepsFailing_IsGivenUpAfterMaxAttempts()
    {
        for (var i = 0; i < 5; i++)
        {
            _answers.Enqueue(503);
        }

        // To the microsecond, as the database keeps times: what is read back equals what was computed.
        var clock = new FakeTimeProvider(DbTime.ToMicroseconds(TimeProvider.System.GetUtcNow()));
        await using var services = await StartAsync(events: ["broken"], brokenAfterFailures: 1, maxAttempts: 2, clock: clock);
        var id = await services.WatchAsync(_site.Url("/gone"));
        await services.Get<CitationChecker>().CheckAsync(id, CancellationToken.None);
        var dispatcher = services.Get<WebhookDispatcher>();

        await dispatcher.DeliverDueAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        await dispatcher.DeliverDueAsync(CancellationToken.None);
        Assert.Equal(2, _received.Count);

        // Given up: however long one waits, nothing more is sent.
        clock.Advance(TimeSpan.FromDays(1));
        await dispatcher.DeliverDueAsync(CancellationToken.None);
        Assert.Equal(2, _received.Count);
        await using var connection = await services.OpenAsync();
        var row = await connection.QuerySingleAsync<(int Attempts, string? DeliveredAt, string? NextAttemptAt)>(
            "SELECT attempts, delivered_at, next_attempt_at FROM webhook_deliveries");
        Assert.Equal((2, (string?)null, (string?)null), row);
    }

    [OnBothDatabases]
    public async Task Scheduler_SendsQueuedDeliveriesOnItsOwn()
    {
        using var folder = new TestFolder();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(Settings(["broken"], 1, 8))
        {
            ["Monitor:DatabasePath"] = folder.DatabasePath,
            ["Monitor:SeedDefaultCitations"] = "false",
            ["Monitor:Worker:PollInterval"] = "00:00:00.200",
            ["Monitor:Fetch:AllowPrivateNetworks"] = "true",
            ["Monitor:Archive:Enabled"] = "false",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMonitorCore();
        builder.Services.AddMonitorScheduler(builder.Configuration);
        using var host = builder.Build();
        _answers.Enqueue(500);

        await host.StartAsync();
        var url = _site.Url("/gone");
        await host.Services.GetRequiredService<CitationStore>().AddAsync(url, UrlNormalizer.Normalize(url), null, null, CancellationToken.None);
        var delivered = await Eventually.TrueWithinAsync(async () =>
        {
            await using var connection = new SqliteConnection($"Data Source={folder.DatabasePath}");
            return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM webhook_deliveries WHERE delivered_at IS NOT NULL") == 1;
        }, TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.True(delivered, "the broken event was not delivered");
        Assert.Equal(2, _received.Count);
    }

    [OnBothDatabasesTheory]
    [InlineData("Url", "ftp://example.org/hook", "Monitor:Webhooks:0:Url")]
    [InlineData("Url", "/relative", "Monitor:Webhooks:0:Url")]
    [InlineData("Secret", "", "Monitor:Webhooks:0:Secret")]
    [InlineData("Events:0", "deleted", "Monitor:Webhooks:0:Events:0")]
    public async Task BadWebhookSettings_AreRefusedNamingTheKey(string key, string value, string named)
    {
        var settings = Settings(["change"], 3, 8);
        settings[$"Monitor:Webhooks:0:{key}"] = value;
        await using var services = await MonitorServices.StartAsync(settings, migrate: false);

        var error = Assert.Throws<OptionsValidationException>(() => services.Get<IOptions<WebhooksOptions>>().Value);

        Assert.Contains(error.Failures, failure => failure.StartsWith(named + " ", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Failures, failure => failure.Contains(Secret, StringComparison.Ordinal));
    }

    private Dictionary<string, string?> Settings(string[] events, int brokenAfterFailures, int maxAttempts)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Monitor:Webhooks:0:Url"] = _receiver.Url("/hook"),
            ["Monitor:Webhooks:0:Secret"] = Secret,
            ["Monitor:WebhookDelivery:RetryBaseDelay"] = "00:00:00.100",
            ["Monitor:WebhookDelivery:PollInterval"] = "00:00:00.100",
            ["Monitor:WebhookDelivery:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Monitor:Health:BrokenAfterFailures"] = brokenAfterFailures.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Monitor:Health:BrokenAfter"] = "00:00:00",
        };
        for (var i = 0; i < events.Length; i++)
        {
            settings[$"Monitor:Webhooks:0:Events:{i}"] = events[i];
        }

        return settings;
    }

    private Task<MonitorServices> StartAsync(string[] events, int brokenAfterFailures = 3, int maxAttempts = 8, TimeProvider? clock = null) =>
        MonitorServices.StartAsync(
            Settings(events, brokenAfterFailures, maxAttempts),
            configure: clock is null ? null : services => services.AddSingleton(clock));
    private sealed record Received(byte[] Body, string Signature, string Event, string DeliveryId, string? ContentType);
}
