using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CitationMonitor.Domain.Noise;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Noise;

/// <summary>The configured ignore rules that apply to one host: the defaults plus those of the host and its parent domains.</summary>
internal sealed class NoiseRulesProvider(IOptionsMonitor<NoiseOptions> options)
{
    /// <summary>Bounds any configured pattern: a catastrophic one must not hang a check.</summary>
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Regex> _compiled = new(StringComparer.Ordinal);

    public IReadOnlyList<string> SelectorsFor(string host) => [.. RulesFor(host).SelectMany(r => r.IgnoreSelectors).Distinct()];

    public NoiseRules RulesFor(string host, IEnumerable<string> volatileShapes) => new(
        [.. RulesFor(host).SelectMany(r => r.IgnorePatterns).Distinct().Select(Compile)],
        new HashSet<string>(volatileShapes, StringComparer.Ordinal));

    /// <summary>Every configured pattern, compiled, so that start-up can refuse a bad one with its key.</summary>
    public static IEnumerable<string> Validate(NoiseOptions noise)
    {
        foreach (var (key, rules) in noise.Hosts.Select(h => ($"Monitor:Noise:Hosts:{h.Key}", h.Value)).Prepend(("Monitor:Noise:Default", noise.Default)))
        {
            for (var i = 0; i < rules.IgnorePatterns.Count; i++)
            {
                string? error = null;
                try
                {
                    _ = new Regex(rules.IgnorePatterns[i], RegexOptions.Multiline, PatternTimeout);
                }
                catch (ArgumentException ex)
                {
                    error = $"{key}:IgnorePatterns:{i} is not a valid regular expression: {ex.Message}";
                }

                if (error is not null)
                {
                    yield return error;
                }
            }
        }
    }

    private IEnumerable<NoiseRuleOptions> RulesFor(string host)
    {
        var noise = options.CurrentValue;
        yield return noise.Default;
        foreach (var (configured, rules) in noise.Hosts)
        {
            if (host.Equals(configured, StringComparison.OrdinalIgnoreCase)
                || host.EndsWith("." + configured, StringComparison.OrdinalIgnoreCase))
            {
                yield return rules;
            }
        }
    }

    private Regex Compile(string pattern) =>
        _compiled.GetOrAdd(pattern, p => new Regex(p, RegexOptions.Multiline | RegexOptions.CultureInvariant, PatternTimeout));
}
