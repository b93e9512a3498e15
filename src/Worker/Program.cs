using CitationMonitor.Infrastructure;
using CitationMonitor.Infrastructure.Hosting;
using CitationMonitor.Infrastructure.Scheduling;

// The scheduler without the API: run beside an API started with Monitor:Worker:Enabled=false, on the same database.
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddMonitorSettingsFile();
builder.Services.AddMonitorLogging(builder.Configuration);
builder.Services.AddMonitorCore();
builder.Services.AddMonitorScheduler();
return builder.Build().RunMonitor();
