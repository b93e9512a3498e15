using CitationMonitor.Infrastructure;
using CitationMonitor.Infrastructure.Hosting;
using CitationMonitor.Infrastructure.OneShot;
using CitationMonitor.Infrastructure.Scheduling;

// `check FILE|URL [--json]`: the one-shot check before publishing, which opens no database and starts no scheduler.
if (args is [OneShotCommand.Verb, .. var words])
{
    return await OneShotCommand.RunInConsoleAsync(words);
}

// The scheduler without the API: run beside an API started with Monitor:Worker:Enabled=false, on the same database.
var builder = Host.CreateApplicationBuilder(MonitorServiceCollectionExtensions.HostArguments(args));
builder.Configuration.AddMonitorSettingsFile();
builder.Services.AddMonitorLogging(builder.Configuration);
builder.Services.AddMonitorCore();
builder.Services.AddMonitorScheduler(builder.Configuration);
return builder.Build().RunMonitor();
