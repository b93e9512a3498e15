using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Tests.Support;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Fetching;

/// <summary>Failures below HTTP: names, connections, TLS, the private-network rule and cancellation. Loopback only.</summary>
public sealed class PageFetcherNetworkTests
{
    [Fact]
    public async Task Fetch_InvalidHostName_IsDnsErrorWithoutRetry()
    {
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync("http://nonexistent.invalid/informe");

        Assert.Equal(CheckStatus.DnsError, result.Status);
        Assert.Equal("name not resolved", result.Error);
        Assert.Equal(1, result.Attempts);
        Assert.Null(result.HttpStatus);
    }

    [Fact]
    public async Task Fetch_PortWithNothingListening_IsConnectionErrorAfterRetries()
    {
        using var refusing = RefusingPort.Open();
        var port = refusing.Port;
        using var host = FetcherHost.Create(options => options.RetryAttempts = 2);

        var result = await host.FetchAsync($"http://127.0.0.1:{port}/");

        Assert.Equal(CheckStatus.ConnectionError, result.Status);
        Assert.Equal("connection refused", result.Error);
        Assert.Equal(3, result.Attempts);
    }

    [Fact]
    public async Task Fetch_ConnectionClosedWithoutAnswer_IsConnectionError()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/drop", (HttpContext context) => context.Abort()));
        using var host = FetcherHost.Create(options => options.RetryAttempts = 1);

        var result = await host.FetchAsync(server.Url("/drop"));

        Assert.Equal(CheckStatus.ConnectionError, result.Status);
        Assert.Equal(2, result.Attempts);
    }

    [Fact]
    public async Task Fetch_UntrustedCertificate_IsTlsError()
    {
        using var certificate = TestCertificates.SelfSignedForLoopback();
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "hola"), certificate);
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(server.Url("/"));

        Assert.StartsWith("https://127.0.0.1:", result.Url, StringComparison.Ordinal);
        Assert.Equal(CheckStatus.TlsError, result.Status);
        Assert.StartsWith("certificate rejected: The remote certificate is invalid", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, result.Attempts);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task Fetch_LoopbackWhilePrivateNetworksForbidden_IsForbiddenTarget(string hostName)
    {
        var hits = new int[1];
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/", () => Interlocked.Increment(ref hits[0])));
        using var host = FetcherHost.Create(options => options.AllowPrivateNetworks = false);

        var result = await host.FetchAsync($"http://{hostName}:{server.Port}/");

        Assert.Equal(CheckStatus.ForbiddenTarget, result.Status);
        Assert.Equal(CheckReasons.ForbiddenAddress, result.Reason);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(0, hits[0]);
    }

    [Fact]
    public async Task Fetch_IPv6LoopbackLiteralWhilePrivateNetworksForbidden_IsForbiddenTarget()
    {
        using var host = FetcherHost.Create(options => options.AllowPrivateNetworks = false);

        var result = await host.FetchAsync("http://[::1]:9/");

        Assert.Equal(CheckStatus.ForbiddenTarget, result.Status);
    }

    [Fact]
    public async Task Fetch_CallerCancels_ThrowsOperationCanceled()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/slow", async (HttpContext context) =>
            await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted)));
        using var host = FetcherHost.Create(options => options.Timeout = TimeSpan.FromSeconds(5));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.FetchAsync(server.Url("/slow"), cancellation.Token));
    }

    [Fact]
    public async Task Fetch_CallerCancelsDuringRetryDelay_ThrowsOperationCanceled()
    {
        await using var server = await LoopbackServer.StartAsync(app => app.MapGet("/down", () => Results.StatusCode(503)));
        using var host = FetcherHost.Create(options => options.RetryBaseDelay = TimeSpan.FromSeconds(5));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.FetchAsync(server.Url("/down"), cancellation.Token));
    }
}
