using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.TestSupport.Databases;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Checks;

/// <summary>
/// The check a run gives back is the row it wrote, not read back from the database: it is the same, field for field,
/// as reading it back gives, whatever the check found (a page reached through redirects, a 404, a refused connection).
/// Real checks of a real site on 127.0.0.1, into a real SQLite file.
/// </summary>
public sealed class RecordedCheckTests : IAsyncLifetime
{
    private LoopbackServer _site = null!;

    public async Task InitializeAsync() =>
        _site = await LoopbackServer.StartAsync(app =>
        {
            app.MapGet("/old", () => Results.Redirect("/older", permanent: true));
            app.MapGet("/older", () => Results.Redirect("/page"));
            app.MapGet("/page", () => Results.Text(
                "<html><head><title>Comunicado</title></head><body><main><p>La Comisión expresa su preocupación por la caravana.</p></main></body></html>",
                "text/html; charset=utf-8"));
        });

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [OnBothDatabases]
    public async Task TheCheckGivenBack_IsTheCheckReadBack()
    {
        await using var services = await MonitorServices.StartAsync();
        string[] urls = [_site.Url("/old"), _site.Url("/page"), _site.Url("/gone"), $"http://127.0.0.1:{ClosedPort()}/nothing-listens"];

        foreach (var url in urls)
        {
            var id = await services.WatchAsync(url);
            for (var time = 0; time < 2; time++)
            {
                var given = await services.CheckedAsync(id);

                var readBack = await services.Get<CheckStore>().GetAsync(given.Id, CancellationToken.None);
                Assert.Equal(JsonSerializer.Serialize(readBack), JsonSerializer.Serialize(given));
            }
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
