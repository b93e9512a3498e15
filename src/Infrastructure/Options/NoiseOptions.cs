using System.ComponentModel.DataAnnotations;

namespace CitationMonitor.Infrastructure.Options;

/// <summary><c>Monitor:Noise</c>: what is left out when two versions of a page are compared.</summary>
public sealed class NoiseOptions
{
    public const string Section = "Monitor:Noise";

    /// <summary>Rules for every host.</summary>
    public NoiseRuleOptions Default { get; set; } = new();

    /// <summary>Rules for one host and its subdomains, keyed by host name (e.g. <c>gob.mx</c> also covers <c>www.gob.mx</c>).</summary>
    public Dictionary<string, NoiseRuleOptions> Hosts { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long after a check that saw changed text the page is fetched again to confirm the change.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Monitor:Noise:ConfirmAfter must be between {1} and {2}.")]
    public TimeSpan ConfirmAfter { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Ignore rules of <c>Monitor:Noise:Default</c> or <c>Monitor:Noise:Hosts:{host}</c>.</summary>
public sealed class NoiseRuleOptions
{
    /// <summary>Elements removed before the text is extracted: CSS-like selectors or XPath.</summary>
    public List<string> IgnoreSelectors { get; set; } = [];

    /// <summary>Regular expressions whose matches are removed from the text before comparing.</summary>
    public List<string> IgnorePatterns { get; set; } = [];
}
