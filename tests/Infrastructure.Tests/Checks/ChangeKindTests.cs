using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CitationMonitor.Infrastructure.Tests.Checks;

/// <summary>Which kind of change a check records, against a real loopback site and a real SQLite file.</summary>
public sealed class ChangeKindTests : IAsyncLifetime
{
    private const string Article = "The ministry closed the border crossing on Friday.";

    private string _title = "Border";
    private string _article = Article;
    private string _redirectTarget = "/2021/border";
    private bool _servePdf;
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/statement", () => _servePdf
            ? Results.Bytes(Pdf(_article), "application/pdf")
            : Results.Content(Html(_title, _article), "text/html; charset=utf-8"));
        app.MapGet("/cited", () => Results.Redirect(_redirectTarget));
        app.MapGet("/2021/border", () => Results.Content(Html(_title, _article), "text/html; charset=utf-8"));
        app.MapGet("/archive/2021/border", () => Results.Content(Html(_title, _article), "text/html; charset=utf-8"));
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [OnBothDatabases]
    public async Task SameTextUnderANewTitle_IsRecordedAsATitleChangeWithoutWords()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_server.Url("/statement"));
        var checker = services.Get<CitationChecker>();
        await services.CheckedAsync(id);

        _title = "Border (corrected)";
        var check = await services.CheckedAsync(id);

        Assert.False(check.ContentChanged);
        var change = await SingleChangeAsync(services, id);
        Assert.Equal(ChangeKind.Title, change.Kind);
        Assert.Equal(check.SnapshotId, change.ToSnapshotId);
        Assert.Equal(1.0, change.Similarity);
        Assert.Equal((0, 0), (change.InsertedWords, change.DeletedWords));
        Assert.Empty(change.Diff);
        var citation = (await services.Get<CitationStore>().GetAsync(id, CancellationToken.None))!.Citation;
        Assert.Equal(1, citation.ChangeCount);
        Assert.NotNull(citation.LastChangedAt);
    }

    [OnBothDatabases]
    public async Task SameTextAtANewRedirectTarget_IsRecordedAsMoved()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_server.Url("/cited"));
        var checker = services.Get<CitationChecker>();
        await services.CheckedAsync(id);

        _redirectTarget = "/archive/2021/border";
        var check = await services.CheckedAsync(id);

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.False(check.ContentChanged);
        Assert.Equal(_server.Url("/archive/2021/border"), check.FinalUrl);
        var change = await SingleChangeAsync(services, id);
        Assert.Equal(ChangeKind.Moved, change.Kind);
        Assert.Equal((0, 0), (change.InsertedWords, change.DeletedWords));
    }

    [OnBothDatabases]
    public async Task HtmlReplacedByAPdfAtTheSameUrl_IsRecordedAsATypeChange()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_server.Url("/statement"));
        var checker = services.Get<CitationChecker>();
        await services.CheckedAsync(id);

        _servePdf = true;
        _article = "The ministry closed the border crossing on Saturday and Friday.";
        var check = await services.CheckedAsync(id);

        Assert.Equal("pdf", await KindOfSnapshotAsync(services, check.SnapshotId!.Value));
        var change = await SingleChangeAsync(services, id);
        Assert.Equal(ChangeKind.Type, change.Kind);
        Assert.True(check.ContentChanged, "the text changed too, and content_changed still says so");
        Assert.Equal(2, change.InsertedWords);
    }

    [OnBothDatabases]
    public async Task ChangedTextUnderTheSameTitle_IsRecordedAsAContentChange()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_server.Url("/statement"));
        var checker = services.Get<CitationChecker>();
        await services.CheckedAsync(id);

        _article = "The ministry reopened the border crossing on Monday.";
        _title = "Border, reopened";
        var check = await services.CheckedAsync(id);

        Assert.True(check.ContentChanged);
        var change = await SingleChangeAsync(services, id);
        Assert.Equal(ChangeKind.Content, change.Kind);
        Assert.Equal((2, 2), (change.InsertedWords, change.DeletedWords));
    }

    [OnBothDatabases]
    public async Task NothingChanged_RecordsNoChange()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_server.Url("/statement"));
        var checker = services.Get<CitationChecker>();
        await services.CheckedAsync(id);
        await services.CheckedAsync(id);

        var changes = await services.Get<ChangeStore>().ListAsync(new ChangeFilter(CitationId: id), new PageRequest(), CancellationToken.None);
        Assert.Empty(changes.Items);
    }

    [OnBothDatabases]
    public async Task KindAndMinWords_FilterTheStoredChanges()
    {
        await using var services = await MonitorServices.StartAsync();
        var id = await services.WatchAsync(_server.Url("/statement"));
        var checker = services.Get<CitationChecker>();
        await services.CheckedAsync(id);
        _title = "Border (corrected)";
        await services.CheckedAsync(id);
        _article = "The ministry reopened the border crossing on Monday.";
        await services.CheckedAsync(id);

        var store = services.Get<ChangeStore>();
        async Task<IEnumerable<ChangeKind>> KindsAsync(ChangeFilter filter) =>
            (await store.ListAsync(filter, new PageRequest(), CancellationToken.None)).Items.Select(c => c.Kind);

        Assert.Equal([ChangeKind.Content, ChangeKind.Title], await KindsAsync(new ChangeFilter(CitationId: id)));
        Assert.Equal([ChangeKind.Title], await KindsAsync(new ChangeFilter(Kind: ChangeKind.Title)));
        Assert.Equal([ChangeKind.Content], await KindsAsync(new ChangeFilter(MinWords: 4)));
        Assert.Empty(await KindsAsync(new ChangeFilter(MinWords: 5)));
        Assert.Equal([ChangeKind.Content, ChangeKind.Title], await KindsAsync(new ChangeFilter(MinWords: 0)));
    }

    private static string Html(string title, string article) =>
        $"<html><head><title>{title}</title></head><body><main><p>{article}</p></main></body></html>";

    private static byte[] Pdf(string text)
    {
        using var builder = new PdfDocumentBuilder();
        builder.DocumentInformation.Title = "Border";
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(595, 842).AddText(text, 12, new PdfPoint(50, 780), font);
        return builder.Build();
    }

    private static async Task<ChangeRow> SingleChangeAsync(MonitorServices services, long citationId)
    {
        var changes = await services.Get<ChangeStore>().ListAsync(new ChangeFilter(CitationId: citationId), new PageRequest(), CancellationToken.None);
        return Assert.Single(changes.Items);
    }

    private static async Task<string> KindOfSnapshotAsync(MonitorServices services, long snapshotId)
    {
        await using var connection = await services.OpenAsync();
        return await connection.ExecuteScalarAsync<string>("SELECT kind FROM snapshots WHERE id = @snapshotId", new { snapshotId }) ?? "";
    }
}
