using CitationMonitor.Api.Backups;
using CitationMonitor.Api.Changes;
using CitationMonitor.Api.Citations;
using CitationMonitor.Api.Documents;
using CitationMonitor.Api.Export;
using CitationMonitor.Api.Fixity;
using CitationMonitor.Api.Health;
using CitationMonitor.Api.Http;
using CitationMonitor.Api.Mementos;
using CitationMonitor.Api.Pages;
using CitationMonitor.Api.Snapshots;
using CitationMonitor.Api.Summary;
using CitationMonitor.Infrastructure;
using CitationMonitor.Infrastructure.Hosting;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Scheduling;
using Serilog;

// Before anything allocates: the C library's heap gives back what checks free (NativeHeap).
NativeHeap.Tune();
var builder = WebApplication.CreateBuilder(MonitorServiceCollectionExtensions.HostArguments(args));
builder.Configuration.AddMonitorSettingsFile();                  // the root appsettings.json, wherever we start from

builder.Services.AddMonitorLogging(builder.Configuration);       // Serilog, from the "Serilog" section
builder.Services.AddMonitorCore();                               // options, database, fetching, checking
if (WorkerOptions.IsEnabled(builder.Configuration))
{
    builder.Services.AddMonitorScheduler(builder.Configuration); // the same scheduler as src/Worker, in-process
}

builder.Services.AddMonitorProblemDetails();                     // every error is RFC 9457 problem+json
builder.Services.AddValidation();                                // DataAnnotations on request bodies
builder.Services.AddApiKeyAuthentication();                      // X-Api-Key (or loopback) for writes
builder.Services.AddMonitorForwardedHeaders();                   // X-Forwarded-For/-Proto from Monitor:ForwardedHeaders:KnownProxies only
builder.Services.AddMonitorRateLimiting();                       // per-client limits, 429 beyond them
builder.Services.AddInputLimits();                               // request body and citations per document
builder.Services.AddReadCors();                                  // dashboards on other origins may read, never write
builder.Services.AddReadCache();                                 // ETags, and the polled reads kept until the next write
builder.Services.AddSingleton<SelfLinks>();                      // links to the monitor: Monitor:PublicBaseUrl or the listen address, never Host
builder.Services.AddMonitorOpenApi();                            // /openapi/v1.json, lint-clean (tests/openapi-lint)
builder.Services.AddMonitorPages();                              // pages for people: Razor components, en/es, forms with tokens
builder.Services.AddMonitorHealthChecks();                       // /healthz, /health/live, /health/ready
builder.Services.AddMonitorMetricsEndpoint();                    // /metrics for Prometheus: loopback, or with a key

var app = builder.Build();

app.UseMonitorForwardedHeaders();                                // first: the client address every later step sees
app.UseSecurityHeaders();                                        // nosniff, CSP, no framing, no referrer: every answer
app.UseSerilogRequestLogging(options =>                          // one event per request, with its final status,
    options.Logger = app.Services.GetRequiredService<Serilog.ILogger>()); // through this host's logger, not the static one
app.UseHeadAsGet();                                              // HEAD answers every GET endpoint, without a body
app.UseMonitorPages();                                           // the pages' language and their stylesheet and script
app.UseRouting();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseReadCors();
app.UseAuthentication();                                         // who it is, before the limits: failed keys have their own
app.UseRateLimiter();
app.UseAuthorization();
app.UseRequestBodyLimits();
app.UseRouteIdValidation();                                      // ids in a path are positive integers, else 400
app.UseReadCache();                                              // last: answers the cached reads, 304 for a known ETag

app.MapOpenApi();
app.MapApiReference();                                           // /scalar/v1, under its own Content-Security-Policy
app.MapMonitorHealthChecks();
app.MapMonitorMetrics();

app.MapCitations();
app.MapDocuments();
app.MapSnapshots();
app.MapChanges();
app.MapSummary();
app.MapExport();
app.MapWatchlist();
app.MapMementos();
app.MapRobustLinks();
app.MapFixity();
app.MapBackups();
app.MapPages();                                                  // /, /documents, /citations/{id}, /changes, /add

return app.RunMonitor();

/// <summary>Visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
