using CitationMonitor.Infrastructure.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Infrastructure.Tests.Support;

/// <summary>A host as src/Worker builds it (the shared services and the Quartz scheduler), from the given settings only.</summary>
public static class SchedulerHost
{
    /// <summary>The host; <paramref name="configure"/> adds to or replaces its services (a clock, a log recorder).</summary>
    public static IHost Build(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMonitorCore();
        builder.Services.AddMonitorScheduler(builder.Configuration);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }
}
