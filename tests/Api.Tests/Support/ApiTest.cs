using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using CitationMonitor.TestSupport.Hosts;

namespace CitationMonitor.Api.Tests.Support;

/// <summary>A test class over its own API instance and database (xunit makes one per test), with a client to it.</summary>
public abstract class ApiTest(IDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    protected MonitorApiFactory Factory { get; } = new(settings);

    protected HttpClient Client { get; set; } = null!;

    public virtual Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await Factory.DisposeAsync();

    /// <summary>Serves the API over real Kestrel on a loopback port instead of in memory; returns its address.</summary>
    protected Uri StartOnKestrel()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        return new Uri(Factory.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }
}

/// <summary>An <see cref="ApiTest"/> with a small real web site on loopback for the monitor to check.</summary>
public abstract class SiteApiTest(IDictionary<string, string?>? settings = null) : ApiTest(settings)
{
    protected TestSite Site { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Site = await TestSite.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await Site.DisposeAsync();
        await base.DisposeAsync();
    }
}
