using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Hosting;

public static class MonitorHostExtensions
{
    /// <summary>Exit code of a host stopped by its configuration.</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>Exit code of a host whose database cannot be reached or used at start.</summary>
    public const int DatabaseUnavailableExitCode = 3;

    /// <summary>
    /// Runs a host until it stops. A configuration with bad keys ends it before anything starts, with exit code 2 and
    /// one line per bad key on the error console (<see cref="ConfigurationCheck"/>), not with a stack trace: the
    /// exceptions behind the lines are logged at debug level only.
    /// </summary>
    public static int RunMonitor(this IHost host)
    {
        var problems = ConfigurationCheck.Run(host.Services);
        if (problems.Count > 0)
        {
            using (host)
            {
                var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ConfigurationCheck));
                foreach (var problem in problems)
                {
                    logger.LogDebug(problem.Exception, "Configuration error: {Problem}", problem.Line);
                    Console.Error.WriteLine(problem.Line);
                }
            }

            return ConfigurationErrorExitCode;
        }

        if (host.Services.GetService<Persistence.IDbConnectionFactory>() is Persistence.PostgresConnectionFactory postgres)
        {
            try
            {
                // Before anything starts: a server that cannot be used is one line, not a host failing to start.
                postgres.EnsureReachableAsync(CancellationToken.None).GetAwaiter().GetResult();
            }
            catch (Persistence.DatabaseUnavailableException ex)
            {
                using (host)
                {
                    Console.Error.WriteLine(ex.Message);
                }

                return DatabaseUnavailableExitCode;
            }
        }

        try
        {
            host.Run();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            // Options the check does not know (not added with AddMonitorSection): still one line per failure.
            foreach (var failure in ex.Failures)
            {
                Console.Error.WriteLine(failure);
            }

            return ConfigurationErrorExitCode;
        }
        catch (Persistence.DatabaseUnavailableException ex)
        {
            // The database the settings name cannot be used: one line naming the setting and the cause, no secret.
            Console.Error.WriteLine(ex.Message);
            return DatabaseUnavailableExitCode;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"{ex.Message} {ex.InnerException?.Message}".TrimEnd());
            return ConfigurationErrorExitCode;
        }
    }
}
