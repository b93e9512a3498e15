using System.Globalization;
using System.Net;
using CitationMonitor.Infrastructure.Options;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Api.Http;

/// <summary>
/// The base of every absolute link the monitor makes to itself (TimeMaps, TimeGates, mementos, Robust Links, the Atom
/// feed, the OpenAPI document's server): <c>Monitor:PublicBaseUrl</c> when it is set; else the address the server
/// listens on, as the server reports it once started (else as configured in <c>urls</c>), with a wildcard host
/// (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>) written as <c>localhost</c>. Never the request's <c>Host</c>
/// header, nor <c>X-Forwarded-Host</c>: a client cannot make the monitor point anyone, or any cache, elsewhere.
/// </summary>
internal sealed class SelfLinks(IServer server, IOptions<MonitorOptions> monitor, IConfiguration configuration)
{
    /// <summary>When nothing says where the server listens (an in-memory test server, say).</summary>
    public const string Fallback = "http://localhost";

    private string? _known;

    /// <summary>The base, without a trailing slash: <c>https://monitor.example.org/watch</c>, <c>http://localhost:5000</c>.</summary>
    public string Base => _known ?? Find();

    private string Find()
    {
        if (!string.IsNullOrWhiteSpace(monitor.Value.PublicBaseUrl))
        {
            return _known = monitor.Value.PublicBaseUrl.Trim().TrimEnd('/');
        }

        // Filled by the server as it starts, with the ports it listens on (port 0 resolved): kept once known.
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        if (Choose(listening) is { } address)
        {
            return _known = address;
        }

        var configured = (configuration[WebHostDefaults.ServerUrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Choose(configured) ?? Fallback;
    }

    /// <summary>Of the server's addresses, the first https one, else the first, in its concrete form; null when none can be used.</summary>
    internal static string? Choose(IEnumerable<string> addresses)
    {
        var usable = addresses.Select(Concrete).OfType<string>().ToList();
        return usable.FirstOrDefault(a => a.StartsWith("https://", StringComparison.Ordinal)) ?? usable.FirstOrDefault();
    }

    /// <summary>
    /// <c>http://localhost:5000</c> from a listen address such as <c>http://+:5000</c>, <c>http://[::]:5000</c> or
    /// <c>http://127.0.0.1:5000</c> (kept as it is); the default port left out; null for a Unix socket or named pipe.
    /// </summary>
    internal static string? Concrete(string address)
    {
        BindingAddress binding;
        try
        {
            binding = BindingAddress.Parse(address);
        }
        catch (FormatException)
        {
            return null;
        }

        var scheme = binding.Scheme.ToLowerInvariant();
        if (binding.IsUnixPipe || binding.IsNamedPipe || (scheme != Uri.UriSchemeHttp && scheme != Uri.UriSchemeHttps))
        {
            return null;
        }

        var host = binding.Host;
        if (host is "*" or "+" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))))
        {
            host = "localhost";
        }

        var defaultPort = scheme == Uri.UriSchemeHttps ? 443 : 80;
        var port = binding.Port == defaultPort ? "" : ":" + binding.Port.ToString(CultureInfo.InvariantCulture);
        return $"{scheme}://{host.ToLowerInvariant()}{port}";
    }
}
