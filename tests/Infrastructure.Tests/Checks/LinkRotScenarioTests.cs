using System.Net;
using System.Net.Sockets;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Checks;

/// <summary>
/// The link-rot verdicts, one scenario each, against a small web of real sites on loopback: a ministry site with every
/// kind of answer (127.0.0.6), a site whose unknown paths all answer the same 200 template (127.0.0.7), a port with
/// nothing listening (127.0.0.8) and a server that accepts connections and never answers (127.0.0.9). Every check goes
/// through the real checker: fetch, soft-404 rules, the host probe, recording.
/// </summary>
public sealed class LinkRotScenarioTests : IAsyncLifetime
{
    private const string Article =
        "The ministry confirmed that the northern border crossing will stay closed until the humanitarian corridor is "
        + "agreed with the neighbouring country, and that the shelters in the border towns will receive additional funds.";

    private LoopbackServer _ministry = null!;
    private LoopbackServer _templateSite = null!;
    private Socket _silent = null!;
    private string _closedPortUrl = "";
    private int _flakyRequests;
    private int _alternating;

    public async Task InitializeAsync()
    {
        _ministry = await LoopbackServer.StartAsync(
            app =>
            {
                app.MapGet("/", () => Html("Ministerio", "<h1>Ministerio</h1><p>Portada del ministerio.</p>"));
                app.MapGet("/prensa/cierre-frontera", () => Html("Cierre de la frontera", $"<h1>Cierre de la frontera</h1><p>{Article}</p>"));
                app.MapGet("/prensa/retirado", () => Results.NotFound());
                app.MapGet("/prensa/eliminado", () => Results.StatusCode(410));
                app.MapGet("/prensa/antiguo", () => Results.Redirect("/", permanent: false));
                app.MapGet("/privado/informe", () => Results.Redirect("/login?next=%2Fprivado%2Finforme"));
                app.MapGet("/login", () => Html(
                    "Iniciar sesión",
                    "<h1>Iniciar sesión</h1><form method=\"post\"><input name=\"user\"><input type=\"password\" name=\"pass\"></form>"));
                app.MapGet("/protegido", () => Html(
                    "Just a moment...",
                    "<p>Checking your browser.</p><script src=\"/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1\"></script>"));
                app.MapGet("/2019/cierre-frontera", () => Results.Redirect("/prensa/cierre-frontera", permanent: true));
                app.MapGet("/ver", () => Results.Content(
                    "<html><head><meta http-equiv=\"refresh\" content=\"0; url=/prensa/cierre-frontera\"></head><body></body></html>",
                    "text/html; charset=utf-8"));
                app.MapGet("/bucle/a", () => Results.Redirect("/bucle/b"));
                app.MapGet("/bucle/b", () => Results.Redirect("/bucle/a"));
                app.MapGet("/alterna", () => Interlocked.Increment(ref _alternating) % 2 == 0
                    ? Html("Comunicado", $"<p>{Article}</p>")
                    : Results.StatusCode(503));
                app.MapGet("/inestable", () => Interlocked.Increment(ref _flakyRequests) % 3 == 0
                    ? Html("Comunicado", $"<p>{Article}</p>")
                    : Results.StatusCode(503));
            },
            address: IPAddress.Parse("127.0.0.6"));

        _templateSite = await LoopbackServer.StartAsync(
            app =>
            {
                app.MapGet("/noticias/frontera", () => Html("Frontera", $"<h1>Frontera</h1><p>{Article}</p>"));
                app.MapFallback((HttpContext context) => Html(
                    "Secretaría",
                    $"<h2>Aviso</h2><p>La dirección {WebUtility.HtmlEncode(context.Request.Path)} no corresponde a ningún contenido de este "
                    + "portal. Puede volver a la portada o usar el buscador para encontrar la información que necesita.</p>"));
            },
            address: IPAddress.Parse("127.0.0.7"));

        // Bound but never listening: connections are refused, and nothing else can take the port meanwhile.
        var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.8"), 0));
        _closedPortUrl = $"http://127.0.0.8:{((IPEndPoint)closed.LocalEndPoint!).Port}/informe";
        _closedSocket = closed;

        // Listening, so connections succeed, but nothing ever reads or answers.
        _silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _silent.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.9"), 0));
        _silent.Listen(16);
    }

    private Socket _closedSocket = null!;

    public async Task DisposeAsync()
    {
        await _ministry.DisposeAsync();
        await _templateSite.DisposeAsync();
        _silent.Dispose();
        _closedSocket.Dispose();
    }

    public static TheoryData<string, string, string?> Answers => new()
    {
        { "ministry:/prensa/cierre-frontera", "ok", null },
        { "ministry:/prensa/retirado", "not_found", "http_404" },
        { "ministry:/prensa/eliminado", "gone", "http_410" },
        { "ministry:/prensa/antiguo", "soft_404", "redirected_to_home" },
        { "ministry:/privado/informe", "blocked", "login_wall" },
        { "ministry:/protegido", "blocked", "bot_challenge" },
        { "ministry:/bucle/a", "redirect_loop", "loop" },
        { "template:/noticias/2019/informe-retirado", "soft_404", "host_not_found_template" },
        { "template:/noticias/frontera", "ok", null },
        { "closed", "connection_error", "connection_refused" },
        { "unresolvable", "dns_error", "name_not_resolved" },
        { "silent", "timeout", "attempt_timeout" },
    };

    [OnBothDatabasesTheory]
    [MemberData(nameof(Answers))]
    public async Task EachKindOfAnswer_GetsItsStatusAndReason(string scenario, string status, string? reason)
    {
        await using var services = await StartAsync();

        var check = await services.CheckedAsync(await services.WatchAsync(Url(scenario)));

        Assert.Equal(status, check.Status.ToWireName());
        Assert.Equal(reason, check.Reason);
    }

    [OnBothDatabases]
    public async Task PermanentMoveWithTheSameContent_IsHealthyWhereItLivesNow()
    {
        await using var services = await StartAsync();
        var id = await services.WatchAsync(_ministry.Url("/2019/cierre-frontera"));

        var check = await services.CheckedAsync(id);

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Equal(_ministry.Url("/prensa/cierre-frontera"), check.FinalUrl);
        Assert.Equal(_ministry.Url("/prensa/cierre-frontera"), check.MovedTo);
        Assert.Equal(CitationHealth.Healthy, (await CitationAsync(services, id)).Health);
    }

    [OnBothDatabases]
    public async Task MetaRefresh_IsFollowedAsAHop()
    {
        await using var services = await StartAsync();

        var check = await services.CheckedAsync(await services.WatchAsync(_ministry.Url("/ver")));

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Equal(_ministry.Url("/prensa/cierre-frontera"), check.FinalUrl);
        Assert.Contains(check.Redirects, hop => hop.MetaRefresh);
    }

    [OnBothDatabases]
    public async Task HostThatFailsTwiceThenAnswers_EndsOkAfterRetries()
    {
        await using var services = await StartAsync();
        Interlocked.Exchange(ref _flakyRequests, 0);

        var check = await services.CheckedAsync(await services.WatchAsync(_ministry.Url("/inestable")));

        Assert.Equal(CheckStatus.Ok, check.Status);
        Assert.Equal(3, check.Attempts);
    }

    [OnBothDatabases]
    public async Task FlappingSource_IsDegradedNeverBroken()
    {
        // Broken needs 2 failures in a row, at any age; this source fails every other check.
        await using var services = await StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Fetch:RetryAttempts"] = "0",
            ["Monitor:Health:BrokenAfterFailures"] = "2",
            ["Monitor:Health:BrokenAfter"] = "00:00:00",
        });
        var id = await services.WatchAsync(_ministry.Url("/alterna"));

        var healths = new List<CitationHealth>();
        for (var i = 0; i < 6; i++)
        {
            await services.CheckedAsync(id);
            healths.Add((await CitationAsync(services, id)).Health);
        }

        Assert.Equal([CitationHealth.Degraded, CitationHealth.Healthy, CitationHealth.Degraded, CitationHealth.Healthy, CitationHealth.Degraded, CitationHealth.Healthy], healths);
    }

    [OnBothDatabases]
    public async Task Broken_NeedsTheConfiguredNumberAndAgeOfFailures()
    {
        await using var services = await StartAsync(new Dictionary<string, string?>
        {
            ["Monitor:Health:BrokenAfterFailures"] = "3",
            ["Monitor:Health:BrokenAfter"] = "1.00:00:00",
        });
        var id = await services.WatchAsync(_ministry.Url("/prensa/retirado"));

        for (var i = 0; i < 5; i++)
        {
            await services.CheckedAsync(id);
        }

        // Five failures, but all of today: not broken yet.
        Assert.Equal(CitationHealth.Degraded, (await CitationAsync(services, id)).Health);

        await using (var connection = await services.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE citations SET first_failure_at = @at", new { at = TimeProvider.System.GetUtcNow().AddDays(-2) });
        }

        await services.CheckedAsync(id);
        Assert.Equal(CitationHealth.Broken, (await CitationAsync(services, id)).Health);
    }

    private string Url(string scenario) => scenario.Split(':', 2) switch
    {
        ["ministry", var path] => _ministry.Url(path),
        ["template", var path] => _templateSite.Url(path),
        ["closed"] => _closedPortUrl,
        ["unresolvable"] => "http://informes.ministerio.invalid/2020/informe.pdf",
        ["silent"] => $"http://127.0.0.9:{((IPEndPoint)_silent.LocalEndPoint!).Port}/informe",
        _ => throw new ArgumentException(scenario),
    };

    private static Task<MonitorServices> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Monitor:Fetch:RetryAttempts"] = "2",
            ["Monitor:Fetch:Timeout"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return MonitorServices.StartAsync(values);
    }

    private static async Task<CitationRow> CitationAsync(MonitorServices services, long id) =>
        (await services.Get<CitationStore>().GetAsync(id, CancellationToken.None))!.Citation;

    private static IResult Html(string title, string body) => Results.Content(
        $"<!doctype html><html><head><title>{title}</title></head><body><main>{body}</main></body></html>", "text/html; charset=utf-8");
}
