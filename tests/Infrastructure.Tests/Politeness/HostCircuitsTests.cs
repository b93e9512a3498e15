using System.Net.Sockets;
using System.Security.Authentication;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Politeness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace CitationMonitor.Infrastructure.Tests.Politeness;

/// <summary>A host's circuit as Polly's registry builds it, opening, half-opening and closing on a clock the test moves.</summary>
public sealed class HostCircuitsTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly ServiceProvider _services;
    private readonly HostCircuits _circuits;

    public HostCircuitsTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<FetchOptions>();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddPageFetching();
        _services = services.BuildServiceProvider();
        _circuits = _services.GetRequiredService<HostCircuits>();
    }

    [Fact]
    public async Task ConnectionFailures_OpenTheHostsCircuitForTheBreak_AndFailedTrialsDoubleIt()
    {
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => RefusedAsync("www.gob.mx"));
        }

        Assert.Null(_circuits.OpenUntil("www.gob.mx"));
        await Assert.ThrowsAsync<HttpRequestException>(() => RefusedAsync("WWW.GOB.MX"));

        // Five in a row: the host is paused for the first break; another host is not.
        Assert.Equal(Start + TimeSpan.FromMinutes(5), _circuits.OpenUntil("www.gob.mx"));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => RefusedAsync("www.gob.mx"));
        Assert.Null(_circuits.OpenUntil("www.cidh.oas.org"));

        // The break is over: one trial goes through, fails, and the next break is twice as long.
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(_circuits.OpenUntil("www.gob.mx"));
        await Assert.ThrowsAsync<HttpRequestException>(() => RefusedAsync("www.gob.mx"));
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(10), _circuits.OpenUntil("www.gob.mx"));

        // A trial that gets through closes the circuit.
        _clock.Advance(TimeSpan.FromMinutes(10));
        await _circuits.For("www.gob.mx").ExecuteAsync(_ => ValueTask.CompletedTask);
        await Assert.ThrowsAsync<HttpRequestException>(() => RefusedAsync("www.gob.mx"));
        Assert.Null(_circuits.OpenUntil("www.gob.mx"));
    }

    [Fact]
    public async Task ATrialWhoseRetryCannotHaveItsTurn_OpensTheCircuitAgain_InsteadOfClosingIt()
    {
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => RefusedAsync("www.gob.mx"));
        }

        // Half-open: the trial ends without an answer from the host (its retry's turn was refused).
        _clock.Advance(TimeSpan.FromMinutes(5));
        await Assert.ThrowsAsync<HostPausedException>(() => _circuits.For("www.gob.mx").ExecuteAsync(_ =>
            throw new HostPausedException("www.gob.mx", _clock.GetUtcNow().AddMinutes(1), "shared_turn_unavailable")).AsTask());
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(10), _circuits.OpenUntil("www.gob.mx"));

        // While closed, a refused turn is no failure of the host.
        _clock.Advance(TimeSpan.FromMinutes(10));
        await _circuits.For("www.gob.mx").ExecuteAsync(_ => ValueTask.CompletedTask);
        await Assert.ThrowsAsync<HostPausedException>(() => _circuits.For("www.gob.mx").ExecuteAsync(_ =>
            throw new HostPausedException("www.gob.mx", _clock.GetUtcNow().AddMinutes(1), "shared_turn_unavailable")).AsTask());
        Assert.Null(_circuits.OpenUntil("www.gob.mx"));
    }

    [Fact]
    public async Task FailuresThatSayNothingOfTheHostsReach_NeverOpenItsCircuit()
    {
        // A rejected certificate is an answer from the host; a refused address was never asked.
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => _circuits.For("www.gob.mx").ExecuteAsync(_ => throw new HttpRequestException(
                HttpRequestError.SecureConnectionError, "TLS", new AuthenticationException("certificate rejected"))).AsTask());
            await Assert.ThrowsAsync<ForbiddenTargetException>(() =>
                _circuits.For("www.gob.mx").ExecuteAsync(_ => throw new ForbiddenTargetException("refused: private address")).AsTask());
        }

        Assert.Null(_circuits.OpenUntil("www.gob.mx"));
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private Task RefusedAsync(string host) =>
        _circuits.For(host).ExecuteAsync(_ => throw new HttpRequestException(
            HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused))).AsTask();
}
