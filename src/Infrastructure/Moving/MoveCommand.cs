using System.Globalization;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Configuration;

namespace CitationMonitor.Infrastructure.Moving;

/// <summary>
/// <c>migrate --to postgres --connection "…" [--from PATH] [--batch-rows N]</c>: moves the SQLite database (by default
/// the one <c>Monitor:DatabasePath</c> names) into an empty PostgreSQL database, verifies it there and prints the rows of
/// every table on both sides (<see cref="DatabaseMove"/>). Run again after an interruption, it resumes.
/// </summary>
public static class MoveCommand
{
    /// <summary>The verb that runs it on the worker's command line.</summary>
    public const string Verb = "migrate";

    public const string Usage =
        """
        migrate --to postgres --connection "Host=…;Database=…;Username=…;Password=…" [--from PATH] [--batch-rows N]
          Copies the SQLite database at PATH (default: Monitor:DatabasePath) into an empty PostgreSQL database: every
          document, citation, check, snapshot body, change, webhook, fixity record and the hash chain. The file is only
          read (a frozen copy is taken beside it). Bodies and texts are verified against their SHA-256 and the chain
          against the source's head, and the rows of each table are counted on both sides. Interrupted, it resumes
          when run again. Exit codes: 0 moved and verified, 1 not verified, 2 refused or bad arguments, 3 server
          unreachable.
        """;

    /// <summary>The move on the console; Ctrl+C stops it (run it again to resume).</summary>
    public static async Task<int> RunInConsoleAsync(IReadOnlyList<string> words, IConfiguration configuration)
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
            return await RunAsync(words, configuration, Console.Out, Console.Error, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("migrate: stopped; run it again to resume.");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= cancel;
        }
    }

    public static async Task<int> RunAsync(
        IReadOnlyList<string> words, IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(configuration);
        if (words.Any(w => w is "--help" or "-h"))
        {
            output.WriteLine(Usage);
            return MoveExitCodes.Ok;
        }

        string? to = null, connection = null, from = null;
        var batchRows = 500;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var value = i + 1 < words.Count ? words[i + 1] : null;
            switch (word)
            {
                case "--to" when value is not null:
                    to = value;
                    break;
                case "--connection" when value is not null:
                    connection = value;
                    break;
                case "--from" when value is not null:
                    from = value;
                    break;
                case "--batch-rows" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var rows) && rows is > 0 and <= 100_000:
                    batchRows = rows;
                    break;
                default:
                    // The word only if it is a switch: a value out of place may be a connection string with its password.
                    error.WriteLine(word.StartsWith("--", StringComparison.Ordinal) && !word.Contains('=', StringComparison.Ordinal)
                        ? $"migrate: {word} is not understood here, or lacks its value."
                        : "migrate: a word is not understood here (a value without its switch?).");
                    error.WriteLine(Usage.Split('\n')[0]);
                    return MoveExitCodes.Refused;
            }

            i++;
        }

        if (!string.Equals(to, "postgres", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(connection))
        {
            error.WriteLine("migrate: --to postgres and --connection are both needed.");
            error.WriteLine(Usage.Split('\n')[0]);
            return MoveExitCodes.Refused;
        }

        from ??= configuration[$"{MonitorOptions.Section}:{nameof(MonitorOptions.DatabasePath)}"] ?? new MonitorOptions().DatabasePath;
        try
        {
            return (await new DatabaseMove(output, error, TimeProvider.System).RunAsync(from, connection, batchRows, cancellationToken)).ExitCode;
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine($"migrate: {ex.Message}; nothing of the batch it was in was kept, and running it again resumes there.");
            return MoveExitCodes.NotVerified;
        }
    }
}
