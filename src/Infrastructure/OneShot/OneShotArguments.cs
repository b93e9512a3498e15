namespace CitationMonitor.Infrastructure.OneShot;

/// <summary>
/// The words after <c>check</c>: the file or page to check, <c>--json</c>, and settings as the hosts take them on the
/// command line (<c>--Monitor:Fetch:Timeout=00:00:05</c> or <c>--Monitor:Fetch:Timeout 00:00:05</c>).
/// </summary>
internal sealed record OneShotArguments(string Target, bool Json, IReadOnlyList<string> Settings)
{
    public const string Usage =
        """
        Usage: dotnet run --project src/Worker -- check FILE|URL [--json] [--Monitor:Section:Key=value ...]

        Reads the citations of a file (PDF, Word, HTML, BibTeX, CSL-JSON, text or Markdown) or of a page at its URL,
        checks each cited source once as the monitor does, and stores nothing. Prints a table (or JSON with --json) on
        standard output and its progress on standard error.

        Exit codes: 0 every source is ok; 1 at least one source failed (not_found, gone, soft_404, dns_error,
        connection_error, tls_error, redirect_loop, forbidden_target, invalid_url); 3 none failed but some could not be
        told (blocked, rate_limited, timeout, server_error, client_error); 2 bad input (no such file, a kind the monitor
        does not read, a bad URL, bad arguments or settings).
        """;

    /// <summary>True when the words ask for the usage text.</summary>
    public static bool AsksForHelp(IReadOnlyList<string> words) => words.Any(w => w is "--help" or "-h" or "-?");

    /// <summary>The arguments, or null with what is wrong with them.</summary>
    public static OneShotArguments? Parse(IReadOnlyList<string> words, out string? error)
    {
        string? target = null;
        var json = false;
        var settings = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word == "--json")
            {
                json = true;
            }
            else if (word.StartsWith('-') && word.Length > 1)
            {
                // A setting is a configuration key (it has a ':'), with its value after '=' or as the next word.
                var key = word.TrimStart('-').Split('=', 2)[0];
                if (!word.StartsWith("--", StringComparison.Ordinal) || !key.Contains(':', StringComparison.Ordinal))
                {
                    error = $"unknown option {word}: the options are --json and settings such as --Monitor:Fetch:Timeout=00:00:05";
                    return null;
                }

                settings.Add(word);
                if (!word.Contains('=', StringComparison.Ordinal))
                {
                    if (i + 1 == words.Count)
                    {
                        error = $"{word} needs a value";
                        return null;
                    }

                    settings.Add(words[++i]);
                }
            }
            else if (target is null)
            {
                target = word;
            }
            else
            {
                error = $"one file or URL at a time: {target} and {word} were given";
                return null;
            }
        }

        if (string.IsNullOrWhiteSpace(target))
        {
            error = "give the file or the URL to check";
            return null;
        }

        error = null;
        return new OneShotArguments(target, json, settings);
    }
}
