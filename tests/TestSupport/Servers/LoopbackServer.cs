using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.TestSupport.Servers;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a port the system picks, so tests speak real HTTP without leaving the machine.
/// <code>
/// await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "hi"));
/// var url = server.Url("/");
/// </code>
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    /// <summary>Scheme, address (127.0.0.1 unless told) and port, ending in "/".</summary>
    public Uri BaseUri { get; }

    public int Port => BaseUri.Port;

    /// <summary>An absolute URL on this server; <paramref name="pathAndQuery"/> starts with "/".</summary>
    public string Url(string pathAndQuery) => new Uri(BaseUri, pathAndQuery).AbsoluteUri;

    /// <summary>
    /// Starts a server whose routes <paramref name="map"/> adds; HTTPS when a certificate is given; on
    /// <paramref name="address"/> (127.0.0.1 unless told, e.g. 127.0.0.2 to stand for another host).
    /// </summary>
    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map, X509Certificate2? certificate = null, IPAddress? address = null)
    {
        ArgumentNullException.ThrowIfNull(map);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();

        // Only the listener below: no appsettings.json or ASPNETCORE_URLS from the test run may add another.
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address ?? IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));

        var app = builder.Build();
        map(app);
        await app.StartAsync();

        var listening = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new LoopbackServer(app, new Uri(listening.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        // Requests still hanging (slow endpoints) must not hold the test up.
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync();
    }
}
