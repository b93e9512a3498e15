using CitationMonitor.Infrastructure.Checks;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Hosting;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Politeness;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;

namespace CitationMonitor.Infrastructure.OneShot;

/// <summary>
/// <c>check FILE|URL [--json]</c>: the one-shot check before publishing. Reads the document, checks each source it
/// cites once through the monitor's look (the guarded fetch, its politeness, the soft-404 rules), prints the result
/// and ends with an exit code a publishing pipeline can gate on (<see cref="OneShotExitCodes"/>). It builds only the
/// services of a look: no database is opened or created, no scheduler started, nothing stored.
/// </summary>
public static class OneShotCommand
{
    /// <summary>The verb that runs it on a host's command line.</summary>
    public const string Verb = "check";

    /// <summary>The check of <paramref name="words"/> on the console; Ctrl+C stops it (exit code 130).</summary>
    public static async Task<int> RunInConsoleAsync(IReadOnlyList<string> words)
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler cancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += cancel;
        try
        {
            return await RunAsync(words, Console.Out, Console.Error, stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= cancel;
        }
    }

    /// <summary>
    /// Runs the check of <paramref name="words"/> (what follows the verb): the table or JSON on
    /// <paramref name="output"/>, progress, warnings and problems on <paramref name="progress"/>.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> words, TextWriter output, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(output);
        progress = TextWriter.Synchronized(progress ?? throw new ArgumentNullException(nameof(progress)));
        if (OneShotArguments.AsksForHelp(words))
        {
            output.WriteLine(OneShotArguments.Usage);
            return OneShotExitCodes.Ok;
        }

        if (OneShotArguments.Parse(words, out var error) is not { } arguments)
        {
            progress.WriteLine($"check: {error}.");
            progress.WriteLine($"{OneShotArguments.Usage.Split('\n')[0]} (--help says more)");
            return OneShotExitCodes.BadInput;
        }

        await using var services = Services(Configuration(arguments.Settings), progress);
        var problems = ConfigurationCheck.Run(services);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                progress.WriteLine(problem.Line);
            }

            return OneShotExitCodes.BadInput;
        }

        try
        {
            var (document, badInput) = await services.GetRequiredService<OneShotCheck>().RunAsync(arguments.Target, progress, cancellationToken);
            if (document is null)
            {
                progress.WriteLine($"check: {badInput}");
                return OneShotExitCodes.BadInput;
            }

            if (arguments.Json)
            {
                CheckedDocumentOutput.WriteJson(document, output);
            }
            else
            {
                CheckedDocumentOutput.WriteTable(document, output);
            }

            return document.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress.WriteLine("check: interrupted; not every source was checked.");
            return OneShotExitCodes.Interrupted;
        }
        catch (OptionsValidationException invalid)
        {
            foreach (var failure in invalid.Failures)
            {
                progress.WriteLine(failure);
            }

            return OneShotExitCodes.BadInput;
        }
    }

    /// <summary>
    /// The settings as the hosts read them: the root appsettings.json (beside the binaries, then in the working
    /// directory), environment variables, then the settings given on the command line.
    /// </summary>
    private static ConfigurationManager Configuration(IReadOnlyList<string> settings)
    {
        var configuration = new ConfigurationManager();
        configuration.AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine([.. settings]);
        configuration.AddMonitorSettingsFile();
        return configuration;
    }

    /// <summary>
    /// The options a look reads, the fetch pipeline with its politeness, the look's steps, and in place of the
    /// database a memory for host probes and nothing to store captures in. Warnings (a host's circuit opening) go to
    /// <paramref name="progress"/>; the rest of the log is left out.
    /// </summary>
    private static ServiceProvider Services(IConfiguration configuration, TextWriter progress)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddSerilog(
            new LoggerConfiguration()
                .MinimumLevel.Warning()
                .MinimumLevel.Override("Polly", LogEventLevel.Error)
                .WriteTo.Sink(new ProgressLogSink(progress))
                .CreateLogger(),
            dispose: true);

        services.AddMonitorSection<WorkerOptions>(WorkerOptions.Section);
        services.AddMonitorSection<FetchOptions>(FetchOptions.Section);
        services.AddMonitorSection<NoiseOptions>(NoiseOptions.Section);
        services.AddSingleton<IValidateOptions<NoiseOptions>, NoiseOptionsValidator>();
        services.AddSingleton<NoiseRulesProvider>();

        services.AddSingleton<IHostProbeStore, MemoryHostProbeStore>();
        services.AddSingleton<IStoredContent, NothingStored>();
        services.AddPageFetching();
        services.AddSourceLook();

        services.AddSingleton<SourceChecks>();
        services.AddSingleton<DocumentTargets>();
        services.AddSingleton<OneShotCheck>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
