using CitationMonitor.Infrastructure;
using CitationMonitor.Infrastructure.Hosting;
using CitationMonitor.Infrastructure.Moving;
using CitationMonitor.Infrastructure.OneShot;
using CitationMonitor.Infrastructure.Scheduling;

// `check FILE|URL [--json]`: the one-shot check before publishing, which opens no database and starts no scheduler.
if (args is [OneShotCommand.Verb, .. var words])
{
    return await OneShotCommand.RunInConsoleAsync(words);
}

// `migrate --to postgres --connection "…"`: moves the SQLite database into PostgreSQL, verified, resumable.
if (args is [MoveCommand.Verb, .. var moveWords])
{
    var settings = new ConfigurationManager();
    settings.AddMonitorSettingsFile();
    settings.AddEnvironmentVariables();
    return await MoveCommand.RunInConsoleAsync(moveWords, settings);
}

// The scheduler without the API: run beside an API started with Monitor:Worker:Enabled=false, on the same database.
var builder = Host.CreateApplicationBuilder(MonitorServiceCollectionExtensions.HostArguments(args));
builder.Configuration.AddMonitorSettingsFile();
builder.Services.AddMonitorLogging(builder.Configuration);
builder.Services.AddMonitorCore();
builder.Services.AddMonitorScheduler(builder.Configuration);
return builder.Build().RunMonitor();
