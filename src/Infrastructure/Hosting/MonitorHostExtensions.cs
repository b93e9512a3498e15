using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Hosting;

public static class MonitorHostExtensions
{
    /// <summary>
    /// Runs a host until it stops. A configuration mistake ends it with one line naming the key and exit code 2,
    /// not with a stack trace.
    /// </summary>
    public static int RunMonitor(this IHost host)
    {
        try
        {
            host.Run();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine($"Configuration error: {string.Join(" ", ex.Failures)}");
            return 2;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"Configuration error: {ex.Message} {ex.InnerException?.Message}".TrimEnd());
            return 2;
        }
    }
}
