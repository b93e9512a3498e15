using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CitationMonitor.Infrastructure.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CitationMonitor.Api.Tests.Support;

/// <summary>
/// The real API over a fresh SQLite file in a temporary folder; scheduler off so tests decide when checks run.
/// </summary>
public sealed class MonitorApiFactory : WebApplicationFactory<Program>
{
    private readonly TestFolder _folder = new();
    private readonly Dictionary<string, string?> _settings;

    public MonitorApiFactory(IDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>
        {
            ["Monitor:DatabasePath"] = _folder.DatabasePath,
            ["Monitor:SeedDefaultCitations"] = "false",
            ["Monitor:Worker:Enabled"] = "false",
            ["Monitor:Fetch:AllowPrivateNetworks"] = "true",
            ["Monitor:Fetch:Timeout"] = "00:00:05",
            ["Monitor:Fetch:RetryAttempts"] = "1",
            ["Monitor:Fetch:RetryBaseDelay"] = "00:00:00.010",
            ["Monitor:Fetch:PerHostDelay"] = "00:00:00",
            ["Monitor:Noise:ConfirmAfter"] = "00:00:00.050",
            // Nothing may leave the machine: tests of the web archive point it at a loopback stand-in.
            ["Monitor:Archive:Enabled"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DatabasePath => _settings["Monitor:DatabasePath"]!;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Header a test sets to play a client at another address; without it the client is on loopback.</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // The in-memory test server has no client address; give it the one a real connection would have.
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressStartupFilter>());
    }

    private sealed class ClientAddressStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.TryParse(context.Request.Headers[ClientAddressHeader], out var address)
                    ? address
                    : IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _folder.Dispose();

        GC.SuppressFinalize(this);
    }
}

internal static class HttpJson
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, MonitorApiFactory.Json);
}
