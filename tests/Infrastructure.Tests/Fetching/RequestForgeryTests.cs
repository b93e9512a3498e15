using System.Net;
using System.Net.Sockets;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Fetching;

/// <summary>
/// Server-side request forgery with <c>AllowPrivateNetworks</c> false: every spelling of a forbidden address, cited
/// directly, reached through a redirect or a meta refresh, or behind a name that resolves (or later rebinds) to one,
/// ends as a check outcome and never as a connection. A listener on 127.0.0.1 stands where the forbidden target
/// would be and must never see a connection. 127.0.0.77 plays a public host through the connector's internal seam.
/// </summary>
public sealed class RequestForgeryTests : IAsyncLifetime
{
    private static readonly IPAddress PublicStandIn = IPAddress.Parse("127.0.0.77");

    private readonly TcpListener _trap = new(IPAddress.Loopback, 0);

    /// <summary>Spellings that must be refused by the address rule; <c>{port}</c> is the trap listener's port.</summary>
    public static TheoryData<string> ForbiddenAddresses { get; } = new()
    {
        "http://127.0.0.1:{port}/",
        "http://2130706433:{port}/",
        "http://0177.0.0.1:{port}/",
        "http://017700000001:{port}/",
        "http://0x7f.0.0.1:{port}/",
        "http://0x7f000001:{port}/",
        "http://0x7F.1:{port}/",
        "http://127.1:{port}/",
        "http://127.0.1:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://[::ffff:7f00:1]:{port}/",
        "http://localhost:{port}/",
        "http://LocalHost:{port}/informe?x=1",
        "http://[::1]:{port}/",
        "http://[::]:{port}/",
        "http://0.0.0.0:{port}/",
        "http://0:{port}/",
        "http://10.0.0.1/",
        "http://10.255.255.254:8080/",
        "http://172.16.5.4/",
        "http://192.168.1.1:8443/",
        "http://169.254.169.254/latest/meta-data/",
        "http://2852039166/latest/meta-data/",
        "http://0xa9fea9fe/",
        "http://0251.0376.0251.0376/",
        "http://[::ffff:169.254.169.254]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://100.64.0.1/",
        "http://100.127.255.254/",
        "http://255.255.255.255/",
        "http://224.0.0.1/",
        "http://239.255.255.250:1900/",
        "http://[fd00::1]/",
        "http://[fc00::1]:8080/",
        "http://[fe80::1]/",
        "http://[ff02::1]/",
        "http://[2002:7f00:1::]/",
    };

    /// <summary>URLs refused before any address is looked at: credentials and schemes other than http(s).</summary>
    public static TheoryData<string> InvalidTargets { get; } = new()
    {
        "http://user:pass@127.0.0.1:{port}/",
        "http://example.org@127.0.0.1:{port}/",
        "http://user@example.org/",
        "file:///etc/passwd",
        "ftp://127.0.0.1:{port}/",
        "gopher://127.0.0.1:{port}/_GET%20/",
        "data:text/html,<p>hola</p>",
        "javascript:alert(1)",
    };

    private int TrapPort => ((IPEndPoint)_trap.LocalEndpoint).Port;

    public Task InitializeAsync()
    {
        _trap.Start();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _trap.Stop();
        _trap.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(ForbiddenAddresses))]
    public async Task Fetch_ForbiddenAddressInAnySpelling_IsForbiddenTargetWithoutConnecting(string template)
    {
        using var host = Guarded();

        var result = await host.FetchAsync(Fill(template));

        Assert.Equal(CheckStatus.ForbiddenTarget, result.Status);
        Assert.Equal(CheckReasons.ForbiddenAddress, result.Reason);
        Assert.Equal(1, result.Attempts);
        Assert.Null(result.HttpStatus);
        AssertTrapUntouched();
    }

    [Theory]
    [MemberData(nameof(InvalidTargets))]
    public async Task Fetch_CredentialsOrOtherScheme_IsInvalidUrlWithoutConnecting(string template)
    {
        using var host = Guarded();

        var result = await host.FetchAsync(Fill(template));

        Assert.Equal(CheckStatus.InvalidUrl, result.Status);
        Assert.Contains(result.Reason, new[] { CheckReasons.CredentialsInUrl, CheckReasons.UnsupportedScheme, CheckReasons.MalformedUrl });
        Assert.Equal(0, result.Attempts);
        AssertTrapUntouched();
    }

    [Fact]
    public async Task Fetch_PublicStandInOnAnyPort_IsFetched()
    {
        // The control for the redirect tests below: the seam really lets the stand-in through, on a random high port.
        await using var site = await StandInSiteAsync();
        using var host = Guarded();

        var result = await host.FetchAsync(site.Url("/informe"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.NotEqual(80, site.Port);
    }

    [Theory]
    [MemberData(nameof(ForbiddenAddresses))]
    public async Task Fetch_RedirectFromAllowedHostToForbiddenAddress_IsForbiddenTarget(string template)
    {
        await using var site = await StandInSiteAsync();
        using var host = Guarded();

        var result = await host.FetchAsync(site.Url("/go?to=" + Uri.EscapeDataString(Fill(template))));

        Assert.Equal(CheckStatus.ForbiddenTarget, result.Status);
        Assert.Equal(CheckReasons.ForbiddenAddress, result.Reason);
        Assert.Equal(302, Assert.Single(result.Redirects).HttpStatus);
        AssertTrapUntouched();
    }

    [Theory]
    [MemberData(nameof(InvalidTargets))]
    public async Task Fetch_RedirectToCredentialsOrOtherScheme_IsInvalidUrl(string template)
    {
        await using var site = await StandInSiteAsync();
        using var host = Guarded();

        var result = await host.FetchAsync(site.Url("/go?to=" + Uri.EscapeDataString(Fill(template))));

        Assert.Equal(CheckStatus.InvalidUrl, result.Status);
        Assert.Single(result.Redirects);
        AssertTrapUntouched();
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/")]
    [InlineData("http://0x7f000001:{port}/")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/")]
    [InlineData("http://localhost:{port}/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    public async Task Fetch_MetaRefreshToForbiddenAddress_IsForbiddenTarget(string template)
    {
        await using var site = await StandInSiteAsync();
        using var host = Guarded();

        var result = await host.FetchAsync(site.Url("/refresh?to=" + Uri.EscapeDataString(Fill(template))));

        Assert.Equal(CheckStatus.ForbiddenTarget, result.Status);
        Assert.True(Assert.Single(result.Redirects).MetaRefresh);
        AssertTrapUntouched();
    }

    [Fact]
    public async Task Fetch_NameThatResolvesToLoopback_IsForbiddenTarget()
    {
        var lookups = new List<string>();
        using var host = Guarded(Resolving(lookups, _ => [IPAddress.Loopback]));

        var result = await host.FetchAsync($"http://intranet.example:{TrapPort}/admin");

        Assert.Equal(CheckStatus.ForbiddenTarget, result.Status);
        Assert.Equal(["intranet.example"], lookups);
        AssertTrapUntouched();
    }

    [Fact]
    public async Task Fetch_NameWithPrivateAndPublicAddresses_ConnectsOnlyToThePublicOne()
    {
        await using var site = await StandInSiteAsync();
        using var trapOnSitePort = new TcpListener(IPAddress.Loopback, site.Port);
        trapOnSitePort.Start();
        using var host = Guarded(Resolving([], _ => [IPAddress.Loopback, PublicStandIn]));

        var result = await host.FetchAsync($"http://mixed.example:{site.Port}/informe");

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.False(trapOnSitePort.Pending(), "a connection was made to the private address");
    }

    [Fact]
    public async Task Fetch_NameRebindingToLoopbackBetweenHops_IsForbiddenTarget()
    {
        // The first answer is public; the page closes its connection and redirects to the same name, whose second
        // answer is loopback. The rule is judged again on the new connection's address.
        await using var site = await StandInSiteAsync();
        using var trapOnSitePort = new TcpListener(IPAddress.Loopback, site.Port);
        trapOnSitePort.Start();
        var lookups = new List<string>();
        using var host = Guarded(Resolving(lookups, count => count == 1 ? [PublicStandIn] : [IPAddress.Loopback]));

        var result = await host.FetchAsync($"http://rebind.example:{site.Port}/close-and-go?to=/informe");

        Assert.Equal(CheckStatus.ForbiddenTarget, result.Status);
        Assert.Equal(302, Assert.Single(result.Redirects).HttpStatus);
        Assert.Equal(2, lookups.Count);
        Assert.False(trapOnSitePort.Pending(), "a connection was made to the rebound address");
    }

    [Fact]
    public async Task Fetch_WithPrivateNetworksAllowed_ReachesLoopback()
    {
        // The same rule switched off by the operator: proves the refusals above come from the rule, not from the setup.
        await using var site = await LoopbackServer.StartAsync(app => app.MapGet("/", () => Results.Text("<p>hola</p>", "text/html")));
        using var host = FetcherHost.Create(options => options.AllowPrivateNetworks = true);

        var result = await host.FetchAsync($"http://0x7f000001:{site.Port}/");

        Assert.Equal(CheckStatus.Ok, result.Status);
    }

    private FetcherHost Guarded(TargetAddressPolicy? policy = null) =>
        FetcherHost.Create(
            options =>
            {
                options.AllowPrivateNetworks = false;
                options.RetryAttempts = 1;
            },
            policy ?? StandInPolicy());

    private static TargetAddressPolicy StandInPolicy() =>
        new() { IsForbidden = address => !address.Equals(PublicStandIn) && AddressRules.IsForbidden(address) };

    /// <summary>The stand-in policy with a resolver that answers by the number of the lookup (1, 2, ...).</summary>
    private static TargetAddressPolicy Resolving(List<string> lookups, Func<int, IPAddress[]> answer) => new()
    {
        IsForbidden = StandInPolicy().IsForbidden,
        Resolve = (name, _) =>
        {
            lock (lookups)
            {
                lookups.Add(name);
                return Task.FromResult(answer(lookups.Count));
            }
        },
    };

    private static Task<LoopbackServer> StandInSiteAsync() => LoopbackServer.StartAsync(
        app =>
        {
            app.MapGet("/informe", () => Results.Text("<html><head><title>Informe</title></head><body><p>El informe.</p></body></html>", "text/html"));
            app.MapGet("/go", (string to, HttpContext context) =>
            {
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = to;
            });
            app.MapGet("/close-and-go", (string to, HttpContext context) =>
            {
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = to;
                context.Response.Headers.Connection = "close";
            });
            app.MapGet("/refresh", (string to) => Results.Text(
                $"<html><head><title>Redirigiendo</title><meta http-equiv=\"refresh\" content=\"0; url={WebUtility.HtmlEncode(to)}\"></head><body></body></html>",
                "text/html"));
        },
        address: PublicStandIn);

    private string Fill(string template) => template.Replace("{port}", TrapPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private void AssertTrapUntouched() => Assert.False(_trap.Pending(), "a connection reached the forbidden target");
}
