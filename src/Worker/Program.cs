using CitationMonitor.Infrastructure;
using CitationMonitor.Infrastructure.Hosting;
using CitationMonitor.Infrastructure.Moving;
using CitationMonitor.Infrastructure.OneShot;
using CitationMonitor.Infrastructure.Scheduling;
using CitationMonitor.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

// Before anything allocates: the C library's heap gives back what checks free (NativeHeap).
NativeHeap.Tune();

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
if (WorkerMetrics.UrlsOf(builder.Configuration) is { } metricsUrls)
{
    // With /metrics: the same worker, on a web host that serves that path only.
    var web = WebApplication.CreateSlimBuilder(MonitorServiceCollectionExtensions.HostArguments(args));
    web.Configuration.AddMonitorSettingsFile();
    web.WebHost.UseUrls(metricsUrls);
    AddWorker(web.Services, web.Configuration);
    web.Services.AddWorkerMetrics();
    var app = web.Build();
    app.MapWorkerMetrics();
    return app.RunMonitor();
}

AddWorker(builder.Services, builder.Configuration);
return builder.Build().RunMonitor();

static void AddWorker(IServiceCollection services, IConfiguration configuration)
{
    services.AddMonitorLogging(configuration);
    services.AddMonitorCore();
    services.AddMonitorScheduler(configuration);
}
