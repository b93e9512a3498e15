using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace CitationMonitor.Infrastructure.Options;

/// <summary><c>Monitor:Worker</c>: the scheduler.</summary>
public sealed class WorkerOptions
{
    public const string Section = "Monitor:Worker";

    public bool Enabled { get; set; } = true;

    /// <summary>
    /// <see cref="Enabled"/>, read before the options are bound (to decide what a host registers). A value that is not
    /// a boolean counts as true here; the configuration check then stops the start naming the key.
    /// </summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        !bool.TryParse(configuration[$"{Section}:{nameof(Enabled)}"], out var enabled) || enabled;

    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00", ErrorMessage = "Monitor:Worker:PollInterval must be between {1} and {2}.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00", ErrorMessage = "Monitor:Worker:CheckInterval must be between {1} and {2}.")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Checks in flight at once in this process, the scheduler's and those asked for through the API together (see
    /// <c>Checks/CheckBudget</c>): beyond it the scheduler waits and the API refuses with 503.
    /// </summary>
    [Range(1, 256, ErrorMessage = "Monitor:Worker:MaxConcurrency must be between {1} and {2}.")]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Checks of one host in flight at once in this process, counted like <see cref="MaxConcurrency"/>.</summary>
    [Range(1, 64, ErrorMessage = "Monitor:Worker:MaxConcurrencyPerHost must be between {1} and {2}.")]
    public int MaxConcurrencyPerHost { get; set; } = 2;

    /// <summary>
    /// Where the standalone worker serves <c>/metrics</c> (e.g. <c>http://127.0.0.1:9464</c>; several separated by
    /// <c>;</c>); null or empty: the worker opens no port. Open to clients on this machine; others need an API key.
    /// </summary>
    public string? MetricsUrls { get; set; }

    /// <summary>How long shutdown waits for checks in flight before it cancels them.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Monitor:Worker:ShutdownGrace must be between {1} and {2}.")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(20);
}
