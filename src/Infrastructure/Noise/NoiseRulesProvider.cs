using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CitationMonitor.Domain.Noise;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Noise;

/// <summary>The configured ignore rules that apply to one host: the defaults plus those of the host and its parent domains.</summary>
internal sealed class NoiseRulesProvider(IOptionsMonitor<NoiseOptions> options)
{
    /// <summary>Bounds any configured pattern: a catastrophic one must not hang a check.</summary>
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Regex> _compiled = new(StringComparer.Ordinal);

    /// <summary>
    /// How a page of <paramref name="host"/> is extracted: its ignore selectors. Every extraction of a host's pages (a
    /// check's capture, a web archive's, a probe's, a baseline read again) takes them from here, and
    /// <see cref="ContentExtractor.Stamp"/> of them is the stamp of what it extracts.
    /// </summary>
    public ExtractionRules ExtractionFor(string host) => new([.. RulesFor(host).SelectMany(r => r.IgnoreSelectors).Distinct()]);

    public NoiseRules RulesFor(string host, IEnumerable<string> volatileShapes) => new(
        [.. RulesFor(host).SelectMany(r => r.IgnorePatterns).Distinct().Select(Compile)],
        new HashSet<string>(volatileShapes, StringComparer.Ordinal));

    /// <summary>Every configured selector and pattern tried once, so that start-up refuses a bad one with its key.</summary>
    public static IEnumerable<string> Validate(NoiseOptions noise)
    {
        var sections = noise.Hosts.Select(h => ($"Monitor:Noise:Hosts:{h.Key}", h.Value)).Prepend(("Monitor:Noise:Default", noise.Default));
        foreach (var (key, rules) in sections)
        {
            for (var i = 0; i < rules.IgnoreSelectors.Count; i++)
            {
                if (Problem(() => ExtractionRules.SelectorToXPath(rules.IgnoreSelectors[i])) is { } problem)
                {
                    yield return $"{key}:IgnoreSelectors:{i} is not a selector this monitor understands: {problem}";
                }
            }

            for (var i = 0; i < rules.IgnorePatterns.Count; i++)
            {
                if (Problem(() => new Regex(rules.IgnorePatterns[i], RegexOptions.Multiline, PatternTimeout)) is { } problem)
                {
                    yield return $"{key}:IgnorePatterns:{i} is not a valid regular expression: {problem}";
                }
            }
        }
    }

    private static string? Problem(Func<object> attempt)
    {
        try
        {
            attempt();
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
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
