using CitationMonitor.Domain.Checks;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Tests.Support;
using CitationMonitor.TestSupport.Hosts;
using CitationMonitor.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CitationMonitor.Infrastructure.Tests.Fetching;

/// <summary>Every failing fetch says why in <see cref="FetchResult.Reason"/>; a good one says nothing.</summary>
public sealed class FetchReasonTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync(app =>
    {
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/page", () => Results.Content("<html><head><title>Informe</title></head><body><p>Texto.</p></body></html>", "text/html"));
        app.MapGet("/slow", async () =>
        {
            await Task.Delay(3000);
            return Results.Text("late");
        });
        app.MapGet("/drop", (HttpContext context) => context.Abort());
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(404, CheckStatus.NotFound)]
    [InlineData(410, CheckStatus.Gone)]
    [InlineData(401, CheckStatus.Blocked)]
    [InlineData(403, CheckStatus.Blocked)]
    [InlineData(451, CheckStatus.Blocked)]
    [InlineData(400, CheckStatus.ClientError)]
    [InlineData(500, CheckStatus.ServerError)]
    [InlineData(503, CheckStatus.ServerError)]
    public async Task FailingHttpStatus_IsTheReason(int code, CheckStatus status)
    {
        using var host = FetcherHost.Create(options => options.RetryAttempts = 0);

        var result = await host.FetchAsync(_server.Url($"/status/{code}"));

        Assert.Equal(status, result.Status);
        Assert.Equal($"http_{code}", result.Reason);
    }

    [Fact]
    public async Task OkAnswer_HasNoReason()
    {
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(_server.Url("/page"));

        Assert.Equal(CheckStatus.Ok, result.Status);
        Assert.Null(result.Reason);
    }

    [Fact]
    public async Task Timeout_HasItsReason()
    {
        using var host = FetcherHost.Create(options =>
        {
            options.RetryAttempts = 0;
            options.Timeout = TimeSpan.FromMilliseconds(300);
        });

        var result = await host.FetchAsync(_server.Url("/slow"));

        Assert.Equal((CheckStatus.Timeout, CheckReasons.AttemptTimeout), (result.Status, result.Reason));
    }

    [Fact]
    public async Task UnresolvableName_HasItsReason()
    {
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync("http://nonexistent.invalid/informe");

        Assert.Equal((CheckStatus.DnsError, CheckReasons.NameNotResolved), (result.Status, result.Reason));
    }

    [Fact]
    public async Task RefusedConnection_HasItsReason()
    {
        using var refusing = RefusingPort.Open();
        using var host = FetcherHost.Create(options => options.RetryAttempts = 0);

        var result = await host.FetchAsync($"http://127.0.0.1:{refusing.Port}/");

        Assert.Equal((CheckStatus.ConnectionError, CheckReasons.ConnectionRefused), (result.Status, result.Reason));
    }

    [Fact]
    public async Task ConnectionDroppedWithoutAnswer_HasAReason()
    {
        using var host = FetcherHost.Create(options => options.RetryAttempts = 0);

        var result = await host.FetchAsync(_server.Url("/drop"));

        Assert.Equal(CheckStatus.ConnectionError, result.Status);
        Assert.Contains(result.Reason, new[] { CheckReasons.ResponseEnded, CheckReasons.ConnectionReset, CheckReasons.InvalidResponse });
    }

    [Fact]
    public async Task UntrustedCertificate_HasItsReason()
    {
        using var certificate = TestCertificates.SelfSignedForLoopback();
        await using var tls = await LoopbackServer.StartAsync(app => app.MapGet("/", () => "hola"), certificate);
        using var host = FetcherHost.Create();

        var result = await host.FetchAsync(tls.Url("/"));

        Assert.Equal((CheckStatus.TlsError, CheckReasons.CertificateRejected), (result.Status, result.Reason));
    }
}
