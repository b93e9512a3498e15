using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;

namespace CitationMonitor.Api.Tests.Docs;

/// <summary>
/// The public web of the docs' examples, on loopback: <see cref="StandInSources"/> served by two local servers on
/// 127.0.0.1, one speaking HTTP and one HTTPS with a certificate made for the occasion. The monitor's connector is
/// told (<see cref="TargetAddressPolicy"/>) that the sources' host names resolve to 127.0.0.1, that this one address
/// counts as public, and that port 443 dials the HTTPS server and any other port the HTTP one; every other name fails
/// to resolve without a DNS lookup, and every other private address stays refused. Nothing leaves the machine.
/// </summary>
internal sealed class StandInWeb : IAsyncDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly LoopbackServer _http;
    private readonly LoopbackServer _https;

    private StandInWeb(X509Certificate2 certificate, LoopbackServer http, LoopbackServer https)
    {
        _certificate = certificate;
        _http = http;
        _https = https;
    }

    public static async Task<StandInWeb> StartAsync()
    {
        var sources = new StandInSources();
        void Map(WebApplication app) => app.Run(context => sources.Answer(context.Request).ExecuteAsync(context));

        var certificate = Certificate();
        return new StandInWeb(certificate, await LoopbackServer.StartAsync(Map), await LoopbackServer.StartAsync(Map, certificate));
    }

    /// <summary>How the monitor's connector reaches the stand-in: the only address it may use is 127.0.0.1.</summary>
    public TargetAddressPolicy Addresses => new()
    {
        Resolve = (name, _) => Task.FromResult<IPAddress[]>(
            StandInSources.Hosts.Contains(name, StringComparer.OrdinalIgnoreCase) || name == "localhost" ? [IPAddress.Loopback] : []),
        IsForbidden = address => !address.Equals(IPAddress.Loopback) && TargetAddressPolicy.Default.IsForbidden(address),
        Dial = endPoint => endPoint.Address.Equals(IPAddress.Loopback)
            ? new IPEndPoint(IPAddress.Loopback, endPoint.Port == 443 ? _https.Port : _http.Port)
            : endPoint,
    };

    /// <summary>The monitor trusts this certificate, and only it, for the stand-in's HTTPS answers.</summary>
    public bool Trusts(X509Certificate? certificate) =>
        certificate is not null && certificate.GetCertHashString() == _certificate.GetCertHashString();

    public async ValueTask DisposeAsync()
    {
        await _http.DisposeAsync();
        await _https.DisposeAsync();
        _certificate.Dispose();
    }

    /// <summary>A self-signed certificate for every host name of the stand-in, valid for a day.</summary>
    private static X509Certificate2 Certificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=docs stand-in", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in StandInSources.Hosts)
        {
            names.AddDnsName(host);
        }

        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        using var ephemeral = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        // Through PKCS#12, so the private key outlives the ECDsa object above.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }
}
