using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Snapshots;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Sites;
using Dapper;

namespace CitationMonitor.Infrastructure.Tests.Checks;

/// <summary>Checks that ask the source whether it changed since the last capture (ETag, Last-Modified) and take 304 for ok.</summary>
public sealed class ConditionalCheckTests : IAsyncLifetime
{
    private ConditionalSite _site = null!;

    public async Task InitializeAsync() => _site = await ConditionalSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [OnBothDatabases]
    public async Task MatchingETag_NextCheckIsNotModifiedOkWithoutSnapshotOrBody()
    {
        _site.ETag = "\"v1\"";
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_site.Url("/article"));
        var first = await services.CheckedAsync(id);

        var second = await services.CheckedAsync(id);

        Assert.False(first.NotModified);
        Assert.True(second.NotModified);
        Assert.Equal(CheckStatus.Ok, second.Status);
        Assert.Equal(304, second.HttpStatus);
        Assert.Null(second.SnapshotId);
        Assert.False(second.ContentChanged);
        Assert.Equal(_site.Url("/article"), second.FinalUrl);
        Assert.Equal(
            [(null, 200), ("\"v1\"", 304)],
            _site.Requests.Select(request => (request.IfNoneMatch, request.Status)));
        Assert.Equal(0, _site.Requests[1].BodyBytes);

        var snapshot = await services.Get<SnapshotStore>().GetAsync(first.SnapshotId!.Value, CancellationToken.None);
        Assert.Equal("\"v1\"", snapshot!.ETag);
        var citation = (await services.Get<CitationStore>().GetAsync(id, CancellationToken.None))!.Citation;
        Assert.Equal(CitationHealth.Healthy, citation.Health);
        Assert.Equal(CheckStatus.Ok, citation.LastStatus);
        Assert.Equal(304, citation.LastHttpStatus);
        Assert.Equal(second.StartedAt, citation.LastOkAt);
        Assert.Equal(2, citation.CheckCount);
        Assert.Equal(1, citation.SnapshotCount);
        Assert.Equal("Press statement", citation.Title);
        await using var connection = await services.OpenAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM snapshots"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM changes"));
    }

    [OnBothDatabases]
    public async Task LastModified_IsSentBackAsIfModifiedSince()
    {
        var lastModified = new DateTimeOffset(2024, 3, 1, 9, 30, 0, TimeSpan.Zero);
        _site.LastModified = lastModified;
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_site.Url("/article"));
        var first = await services.CheckedAsync(id);

        var second = await services.CheckedAsync(id);

        Assert.True(second.NotModified);
        Assert.Null(second.SnapshotId);
        Assert.Equal([null, lastModified.ToString("R")], _site.Requests.Select(request => request.IfModifiedSince));
        Assert.All(_site.Requests, request => Assert.Null(request.IfNoneMatch));
        var snapshot = await services.Get<SnapshotStore>().GetAsync(first.SnapshotId!.Value, CancellationToken.None);
        Assert.Equal(lastModified.ToString("R"), snapshot!.LastModified);
        Assert.Null(snapshot.ETag);
    }

    [OnBothDatabases]
    public async Task ServerThatIgnoresValidators_TakesTheNormalPath()
    {
        _site.ETag = "\"v1\"";
        _site.HonoursValidators = false;
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_site.Url("/article"));
        await services.CheckedAsync(id);

        var second = await services.CheckedAsync(id);

        Assert.Equal("\"v1\"", _site.Requests[1].IfNoneMatch);
        Assert.False(second.NotModified);
        Assert.Equal(200, second.HttpStatus);
        Assert.NotNull(second.SnapshotId);
        Assert.False(second.ContentChanged);
        var citation = (await services.Get<CitationStore>().GetAsync(id, CancellationToken.None))!.Citation;
        Assert.Equal(2, citation.SnapshotCount);
    }

    [OnBothDatabases]
    public async Task ChangedPage_IsFetchedWholeAndItsConfirmationIsUnconditional()
    {
        _site.ETag = "\"v1\"";
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_site.Url("/article"));
        await services.CheckedAsync(id);
        _site.Article = "The commission recorded fifty cases of arbitrary detention in January.";
        _site.ETag = "\"v2\"";

        var second = await services.CheckedAsync(id);

        Assert.True(second.ContentChanged);
        Assert.False(second.NotModified);
        Assert.Equal(ChangeKind.Content, Assert.Single((await services.ChangesAsync(id)).Items).Kind);
        // The confirmation (third request) carries no validators, whatever the first fetch sent.
        Assert.Equal(
            [(null, 200), ("\"v1\"", 200), (null, 200)],
            _site.Requests.Select(request => (request.IfNoneMatch, request.Status)));
        var kept = await services.Get<SnapshotStore>().GetAsync(second.SnapshotId!.Value, CancellationToken.None);
        Assert.Equal("\"v2\"", kept!.ETag);

        var third = await services.CheckedAsync(id);

        Assert.True(third.NotModified);
        Assert.Equal("\"v2\"", _site.Requests[3].IfNoneMatch);
    }

    [OnBothDatabases]
    public async Task ValidatorsGoOnlyToTheUrlTheyCameFrom_ThroughTheRedirectChain()
    {
        _site.ETag = "\"v1\"";
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_site.Url("/old"));
        await services.CheckedAsync(id);

        var second = await services.CheckedAsync(id);

        Assert.True(second.NotModified);
        Assert.Equal(_site.Url("/article"), second.FinalUrl);
        Assert.Equal(_site.Url("/article"), second.MovedTo);
        Assert.Contains(second.Redirects, hop => hop.HttpStatus == 301);
        Assert.Equal(
            [("/old", null, 301), ("/article", null, 200), ("/old", null, 301), ("/article", "\"v1\"", 304)],
            _site.Requests.Select(request => (request.Path, request.IfNoneMatch, request.Status)));
    }

    [OnBothDatabases]
    public async Task NotModified_CarriesTheQuoteStatusOver()
    {
        _site.ETag = "\"v1\"";
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_site.Url("/article"));
        await services.QuoteAsync(id, "forty cases of arbitrary detention");
        var first = await services.CheckedAsync(id);

        var second = await services.CheckedAsync(id);

        Assert.Equal(QuoteStatus.Found, first.QuoteStatus);
        Assert.True(second.NotModified);
        Assert.Null(second.QuoteStatus);
        var place = await services.PlaceAsync(id);
        Assert.Equal(QuoteStatus.Found, place.QuoteStatus);
        Assert.Equal(1.0, place.QuoteSimilarity);
    }

    [OnBothDatabases]
    public async Task NewPassageNotYetLookedFor_IsCheckedOnAWholeBody()
    {
        _site.ETag = "\"v1\"";
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_site.Url("/article"));
        await services.CheckedAsync(id);
        await services.QuoteAsync(id, "forty cases of arbitrary detention");

        var second = await services.CheckedAsync(id);

        Assert.Null(_site.Requests[1].IfNoneMatch);
        Assert.False(second.NotModified);
        Assert.Equal(QuoteStatus.Found, second.QuoteStatus);
        Assert.True((await services.CheckedAsync(id)).NotModified);
    }

    [OnBothDatabases]
    public async Task AfterAFailedCheck_ValidatorsOfTheLastOkCaptureAreStillSent()
    {
        _site.ETag = "\"v1\"";
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_site.Url("/article"));
        await services.CheckedAsync(id);
        await using (var connection = await services.OpenAsync())
        {
            // Newer captures that are no baseline: an unconfirmed one and one of a failed check.
            await connection.ExecuteAsync(
                """
                INSERT INTO snapshots (citation_id, captured_at, url, final_url, http_status, check_status, content_type, kind,
                                       byte_length, sha256, text_sha256, truncated, title, unconfirmed, etag)
                SELECT citation_id, captured_at, url, final_url, http_status, check_status, content_type, kind,
                       byte_length, sha256, text_sha256, truncated, title, 1, '"unconfirmed"' FROM snapshots;
                INSERT INTO snapshots (citation_id, captured_at, url, final_url, http_status, check_status, content_type, kind,
                                       byte_length, sha256, text_sha256, truncated, title, unconfirmed, etag)
                SELECT citation_id, captured_at, url, final_url, 503, 'server_error', content_type, kind,
                       byte_length, sha256, text_sha256, truncated, title, 0, '"error"' FROM snapshots WHERE unconfirmed = 0;
                """);
        }

        var second = await services.CheckedAsync(id);

        Assert.Equal("\"v1\"", _site.Requests[1].IfNoneMatch);
        Assert.True(second.NotModified);
    }

    [OnBothDatabases]
    public async Task SourceWithoutValidators_IsNeverAskedConditionally()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_site.Url("/article"));
        await services.CheckedAsync(id);

        var second = await services.CheckedAsync(id);

        Assert.False(second.NotModified);
        Assert.All(_site.Requests, request => Assert.True(request.IfNoneMatch is null && request.IfModifiedSince is null));
    }
}
