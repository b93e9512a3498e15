using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Http;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Api.Tests.Citations;

/// <summary>
/// One document's passage going found → altered → missing → found on a real loopback page, while another document's
/// passage from the same page stays found: every move is a <c>quote</c> change naming the document, in the API, in the
/// Atom feed and posted to a webhook receiver on loopback.
/// </summary>
public sealed class QuoteTransitionTests : IAsyncLifetime
{
    private const string Secret = "quote-moves-secret";
    private const string Detention = "recorded forty cases of arbitrary detention";
    private const string Border = "closed the border crossing on Friday";
    private const string DetentionSentence = "The commission recorded forty cases of arbitrary detention in January.";
    private const string BorderSentence = "The ministry closed the border crossing on Friday.";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    private readonly ConcurrentQueue<(byte[] Body, string Signature, string Event)> _received = new();
    private TestSite _site = null!;
    private LoopbackServer _receiver = null!;
    private MonitorApiFactory _api = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _receiver = await LoopbackServer.StartAsync(app => app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _received.Enqueue((body.ToArray(), request.Headers[WebhookSignature.Header].ToString(), request.Headers["X-Monitor-Event"].ToString()));
            return Results.StatusCode(204);
        }));
        _api = new MonitorApiFactory(new Dictionary<string, string?>
        {
            ["Monitor:Webhooks:0:Url"] = _receiver.Url("/hook"),
            ["Monitor:Webhooks:0:Secret"] = Secret,
            ["Monitor:Webhooks:0:Events:0"] = "change",
            ["Monitor:WebhookDelivery:RetryBaseDelay"] = "00:00:00.100",
            ["Monitor:WebhookDelivery:Timeout"] = "00:00:05",
        });
        _client = _api.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _receiver.DisposeAsync();
        await _site.DisposeAsync();
    }

    [OnBothDatabases]
    public async Task PassageFoundAlteredMissingAndFoundAgain_EachMoveIsAQuoteChangeOfItsDocument_InTheApiTheFeedAndTheWebhook()
    {
        _site.Article = $"{DetentionSentence} {BorderSentence}";
        var url = _site.Url("/press/statement");
        var quoting = await PostDocumentAsync("Detention report", $"The commission said it \u201c{Detention}\u201d ({url}).");
        var bystander = await PostDocumentAsync("Border report", $"The ministry said it \u201c{Border}\u201d ({url}).");
        var id = quoting.CitationId;
        Assert.Equal(id, bystander.CitationId);

        Assert.Equal("found", await CheckAsync(id, quoting.Id));
        _site.Article = $"The commission recorded forty-one cases of arbitrary detention in January. {BorderSentence}";
        Assert.Equal("altered", await CheckAsync(id, quoting.Id));
        _site.Article = $"The commission published its annual report. {BorderSentence}";
        Assert.Equal("missing", await CheckAsync(id, quoting.Id));
        _site.Article = $"{DetentionSentence} {BorderSentence}";
        Assert.Equal("found", await CheckAsync(id, quoting.Id));
        Assert.Equal("found", (await GetAsync($"/api/documents/{bystander.Id}/citations/{id}")).GetProperty("quoteStatus").GetString());

        // The API: one change per move, newest first, each naming the quoting document and both statuses.
        var changes = (await GetAsync("/api/changes?kind=quote")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(
            [("missing", "found"), ("altered", "missing"), ("found", "altered")],
            changes.Select(c => (c.GetProperty("fromQuoteStatus").GetString(), c.GetProperty("toQuoteStatus").GetString())));
        Assert.All(changes, c =>
        {
            Assert.Equal("quote", c.GetProperty("kind").GetString());
            Assert.Equal(id, c.GetProperty("citationId").GetInt64());
            Assert.Equal(quoting.Id, c.GetProperty("documentId").GetInt64());
        });
        var (backToFound, toMissing, toAltered) = (changes[0], changes[1], changes[2]);
        Assert.Equal([("equal", "recorded"), ("delete", "forty"), ("insert", "forty-one"), ("equal", "cases of arbitrary detention")], Diff(toAltered));
        Assert.Equal([("delete", "recorded forty-one cases of arbitrary detention")], Diff(toMissing));
        Assert.Equal([("insert", Detention)], Diff(backToFound));
        Assert.Equal(0.0, toMissing.GetProperty("similarity").GetDouble());
        foreach (var change in changes)
        {
            var one = await GetAsync($"/api/changes/{change.GetProperty("id").GetInt64()}");
            Assert.Equal(change.GetProperty("documentId").GetInt64(), one.GetProperty("documentId").GetInt64());
            Assert.Equal(change.GetProperty("toQuoteStatus").GetString(), one.GetProperty("toQuoteStatus").GetString());
        }

        // The other document's passage never moved: no quote change names it.
        Assert.Equal(0, (await GetAsync($"/api/changes?kind=quote&documentId={bystander.Id}")).GetProperty("total").GetInt32());

        // The feed: an entry per move, linking to its diff page, saying whose passage it is and where it went.
        var feed = XDocument.Parse(await _client.GetStringAsync("/api/changes.atom")).Root!;
        var quoteEntries = feed.Elements(Atom + "entry")
            .Where(e => e.Elements(Atom + "category").Any(c => (string?)c.Attribute("term") == "quote"))
            .ToList();
        Assert.Equal(3, quoteEntries.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            var (entry, change) = (quoteEntries[i], changes[i]);
            var from = change.GetProperty("fromQuoteStatus").GetString();
            var to = change.GetProperty("toQuoteStatus").GetString();
            Assert.Equal($"Cited passage {to}: {url}", entry.Element(Atom + "title")!.Value);
            Assert.Contains($"quoted by document {quoting.Id}", entry.Element(Atom + "summary")!.Value, StringComparison.Ordinal);
            Assert.Contains($"went from {from} to {to}", entry.Element(Atom + "summary")!.Value, StringComparison.Ordinal);
            Assert.Contains(entry.Elements(Atom + "category"), c => (string?)c.Attribute("term") == "quote-" + to);
            var link = new Uri((string)entry.Element(Atom + "link")!.Attribute("href")!);
            Assert.Equal($"/api/changes/{change.GetProperty("id").GetInt64()}/diff.html", link.AbsolutePath);
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(link.PathAndQuery)).StatusCode);
        }

        // The feed of the other document leaves the quoting document's moves out; the quoting document's has them all.
        var ofBystander = XDocument.Parse(await _client.GetStringAsync($"/api/changes.atom?documentId={bystander.Id}")).Root!;
        Assert.DoesNotContain(ofBystander.Elements(Atom + "entry"), e => e.Elements(Atom + "category").Any(c => (string?)c.Attribute("term") == "quote"));
        var ofQuoting = XDocument.Parse(await _client.GetStringAsync($"/api/changes.atom?documentId={quoting.Id}")).Root!;
        Assert.Equal(3, ofQuoting.Elements(Atom + "entry").Count(e => e.Elements(Atom + "category").Any(c => (string?)c.Attribute("term") == "quote")));

        // The webhook: a signed change event per move (besides one per change of the text), with the same facts.
        var delivered = await _api.Services.GetRequiredService<WebhookDispatcher>().DeliverDueAsync(CancellationToken.None);
        Assert.Equal(6, delivered);
        Assert.Equal(6, _received.Count);
        Assert.All(_received, post => Assert.True(WebhookSignature.Verify(Secret, post.Body, post.Signature), "a delivery's signature does not verify"));
        Assert.All(_received, post => Assert.Equal("change", post.Event));
        var payloads = _received.Select(post => JsonDocument.Parse(post.Body).RootElement.Clone()).ToList();
        Assert.Equal(3, payloads.Count(p => p.GetProperty("change").GetProperty("kind").GetString() == "content"));
        var posted = payloads.Where(p => p.GetProperty("change").GetProperty("kind").GetString() == "quote")
            .Select(p => p.GetProperty("change"))
            .OrderByDescending(c => c.GetProperty("id").GetInt64())
            .ToList();
        Assert.Equal(
            changes.Select(c => (c.GetProperty("id").GetInt64(), (long?)quoting.Id, c.GetProperty("fromQuoteStatus").GetString(), c.GetProperty("toQuoteStatus").GetString())),
            posted.Select(c => (c.GetProperty("id").GetInt64(), (long?)c.GetProperty("documentId").GetInt64(), c.GetProperty("fromQuoteStatus").GetString(), c.GetProperty("toQuoteStatus").GetString())));
        Assert.All(payloads, p => Assert.Equal(id, p.GetProperty("citation").GetProperty("id").GetInt64()));
        Assert.Equal($"/api/changes/{posted[0].GetProperty("id").GetInt64()}/diff.html", posted[0].GetProperty("diffUrl").GetString());
    }

    private static List<(string?, string?)> Diff(JsonElement change) =>
        [.. change.GetProperty("diff").EnumerateArray().Select(d => (d.GetProperty("type").GetString(), d.GetProperty("text").GetString()))];

    private async Task<(long Id, long CitationId)> PostDocumentAsync(string title, string text)
    {
        var response = await _client.PostJsonAsync("/api/documents", new { title, text });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var document = await response.ReadJsonAsync();
        return (document.GetProperty("id").GetInt64(), Assert.Single(document.GetProperty("citations").EnumerateArray()).GetProperty("id").GetInt64());
    }

    /// <summary>Checks the citation now; returns the status of the document's passage after it.</summary>
    private async Task<string?> CheckAsync(long id, long documentId)
    {
        var response = await _client.PostAsync($"/api/citations/{id}/check", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", (await response.ReadJsonAsync()).GetProperty("status").GetString());
        return (await GetAsync($"/api/documents/{documentId}/citations/{id}")).GetProperty("quoteStatus").GetString();
    }

    private async Task<JsonElement> GetAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadJsonAsync();
    }
}
