using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Checks;

/// <summary>Sources whose URL moved permanently (301, 308) and still serve their content elsewhere.</summary>
public sealed class PermanentMoveTests : IAsyncLifetime
{
    private const string Article = "The commission recorded forty cases of arbitrary detention in January.";

    /// <summary>How <c>/page</c> on the old site answers: the article itself, or a redirect with this status to the new site.</summary>
    private int? _redirectStatus = StatusCodes.Status301MovedPermanently;

    private LoopbackServer _newSite = null!;
    private LoopbackServer _oldSite = null!;

    public async Task InitializeAsync()
    {
        _newSite = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/es/prensa/comunicado-27", () => Page());
            app.MapGet("/es/temporal", () => Results.Redirect("/es/prensa/comunicado-27"));
        });
        _oldSite = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/page", (HttpContext context) =>
            {
                if (_redirectStatus is not { } status)
                {
                    return Page();
                }

                context.Response.Headers.Location = _newSite.Url("/es/prensa/comunicado-27");
                return Results.StatusCode(status);
            });
            app.MapGet("/then-temporary", (HttpContext context) =>
            {
                context.Response.Headers.Location = _newSite.Url("/es/temporal");
                return Results.StatusCode(StatusCodes.Status308PermanentRedirect);
            });
            app.MapGet("/to-file", (HttpContext context) =>
            {
                context.Response.Headers.Location = "file:///etc/passwd";
                return Results.StatusCode(StatusCodes.Status301MovedPermanently);
            });
        });
    }

    public async Task DisposeAsync()
    {
        await _oldSite.DisposeAsync();
        await _newSite.DisposeAsync();
    }

    private static IResult Page() => Results.Content(
        $"<!doctype html><html><head><title>Comunicado 27</title></head><body><main><p>{Article}</p></main></body></html>",
        "text/html; charset=utf-8");

    [OnBothDatabasesTheory]
    [InlineData(StatusCodes.Status301MovedPermanently)]
    [InlineData(StatusCodes.Status308PermanentRedirect)]
    public async Task MovedPermanentlyWithSameContent_IsHealthyAtItsNewHomeWithNoChange(int status)
    {
        _redirectStatus = status;
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_oldSite.Url("/page"));

        var first = await services.CheckedAsync(id);
        var second = await services.CheckedAsync(id);

        var newHome = _newSite.Url("/es/prensa/comunicado-27");
        foreach (var check in new[] { first, second })
        {
            Assert.Equal(CheckStatus.Ok, check.Status);
            Assert.Equal(newHome, check.FinalUrl);
            Assert.Equal(newHome, check.MovedTo);
            Assert.Contains(check.Redirects, hop => hop.HttpStatus == status);
        }

        var citation = (await services.Get<CitationStore>().GetAsync(id, CancellationToken.None))!.Citation;
        Assert.Equal(CitationHealth.Healthy, citation.Health);
        Assert.Equal(newHome, citation.FinalUrl);
        Assert.Equal(newHome, citation.MovedTo);
        Assert.Equal(0, citation.ChangeCount);
        Assert.Empty((await services.ChangesAsync(id)).Items);
    }

    [OnBothDatabases]
    public async Task PageThatMovesBetweenChecks_RecordsOneMovedChangeAndStaysHealthy()
    {
        _redirectStatus = null;
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_oldSite.Url("/page"));
        var before = await services.CheckedAsync(id);
        _redirectStatus = StatusCodes.Status308PermanentRedirect;

        var moved = await services.CheckedAsync(id);
        var after = await services.CheckedAsync(id);

        Assert.Null(before.MovedTo);
        Assert.Equal(_newSite.Url("/es/prensa/comunicado-27"), moved.MovedTo);
        Assert.False(moved.ContentChanged);
        Assert.Equal(ChangeKind.Moved, Assert.Single((await services.ChangesAsync(id)).Items).Kind);
        Assert.Equal(CheckStatus.Ok, after.Status);
        var citation = (await services.Get<CitationStore>().GetAsync(id, CancellationToken.None))!.Citation;
        Assert.Equal(CitationHealth.Healthy, citation.Health);
        Assert.Equal(1, citation.ChangeCount);
    }

    [OnBothDatabases]
    public async Task TemporaryRedirect_IsNoMove_AndAMoveUndoneIsForgotten()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_oldSite.Url("/page"));
        var permanent = await services.CheckedAsync(id);
        _redirectStatus = StatusCodes.Status302Found;

        var temporary = await services.CheckedAsync(id);

        Assert.NotNull(permanent.MovedTo);
        Assert.Equal(CheckStatus.Ok, temporary.Status);
        Assert.Null(temporary.MovedTo);
        var citation = (await services.Get<CitationStore>().GetAsync(id, CancellationToken.None))!.Citation;
        Assert.Null(citation.MovedTo);
    }

    [OnBothDatabases]
    public async Task PermanentThenTemporaryRedirect_MovedToIsWhereThePermanentOnePoints()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_oldSite.Url("/then-temporary"));

        var check = await services.CheckedAsync(id);

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Equal(_newSite.Url("/es/temporal"), check.MovedTo);
        Assert.Equal(_newSite.Url("/es/prensa/comunicado-27"), check.FinalUrl);
    }

    [OnBothDatabases]
    public async Task PermanentRedirectToAnotherScheme_IsRefusedAndRecorded()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_oldSite.Url("/to-file"));

        var check = await services.CheckedAsync(id);

        Assert.Equal(CheckStatus.InvalidUrl, check.Status);
        Assert.Equal("unsupported_scheme", check.Reason);
        Assert.Equal("redirect to unsupported scheme 'file'", check.Error);
        Assert.Equal(301, check.HttpStatus);
        Assert.Null(check.MovedTo);
        Assert.Null(check.SnapshotId);
        Assert.Contains(check.Redirects, hop => hop.Url == _oldSite.Url("/to-file"));
    }
}
