using System.Net;
using CitationMonitor.Infrastructure.Fetching;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace CitationMonitor.Api.Tests.Docs;

/// <summary>
/// The real API as the examples' <c>http://localhost:5000</c>: Kestrel on 127.0.0.1 and a port the system picks, over
/// the given database, its fetches reaching <see cref="StandInWeb"/> only. The settings an example starts it with
/// apply, except those that keep the run deterministic and on this machine: no scheduler (the examples check when they
/// say so), no web archive, the test's database and backup folder.
/// </summary>
internal sealed class DocsHost : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly StandInWeb _web;

    public DocsHost(string folder, StandInWeb web, IReadOnlyDictionary<string, string> exampleSettings)
    {
        _web = web;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Monitor:SeedDefaultCitations"] = "true",
            ["Monitor:Fetch:Timeout"] = "00:00:05",
            ["Monitor:Fetch:RetryBaseDelay"] = "00:00:00.010",
            ["Monitor:Fetch:PerHostDelay"] = "00:00:00",
            ["Monitor:Noise:ConfirmAfter"] = "00:00:00.050",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in exampleSettings)
        {
            _settings[key] = value;
        }

        _settings["Monitor:DatabasePath"] = Path.Combine(folder, "monitor.db");
        _settings["Monitor:Backup:Directory"] = Path.Combine(folder, "backups");
        _settings["Monitor:Worker:Enabled"] = "false";
        _settings["Monitor:Archive:Enabled"] = "false";
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>Where the API listens, once <see cref="Start"/> returned.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>
    /// Starts the API. A setting the monitor refuses makes it write one line naming the key to the error console and stop
    /// (<c>RunMonitor</c>), which the factory sees as a host already disposed.
    /// </summary>
    public DocsHost Start()
    {
        try
        {
            StartServer();
        }
        catch (ObjectDisposedException e)
        {
            throw new InvalidOperationException("it stopped at once; its reason, naming the setting, is on the error console", e);
        }

        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(_web.Addresses);
            // Runs after the fetch client's own handler is made: it trusts the stand-in's certificate, and no other.
            services.Configure<HttpClientFactoryOptions>(PageFetcher.HttpClientName, options => options.HttpMessageHandlerBuilderActions.Add(
                handler => ((SocketsHttpHandler)handler.PrimaryHandler).SslOptions.RemoteCertificateValidationCallback =
                    (_, certificate, _, _) => _web.Trusts(certificate)));
        });
    }
}
