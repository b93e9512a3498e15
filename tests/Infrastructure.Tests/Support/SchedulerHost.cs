using CitationMonitor.Infrastructure.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CitationMonitor.Infrastructure.Tests.Support;

/// <summary>A host as src/Worker builds it (the shared services and the Quartz scheduler), from the given settings only.</summary>
public static class SchedulerHost
{
    public static IHost Build(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMonitorCore();
        builder.Services.AddMonitorScheduler();
        return builder.Build();
    }
}
