using CitationMonitor.Domain.Citations;

namespace CitationMonitor.Infrastructure.Notifications;

/// <summary>The events a webhook can subscribe to, and the rule that turns a health transition into one.</summary>
public static class WebhookEvents
{
    /// <summary>A Change was recorded (any kind: content, title, moved, type).</summary>
    public const string Change = "change";

    /// <summary>A citation's health became <c>broken</c>, after a check or because its failures grew old enough.</summary>
    public const string Broken = "broken";

    /// <summary>A citation's health went from <c>broken</c> or <c>degraded</c> to <c>healthy</c>.</summary>
    public const string Recovered = "recovered";

    public static IReadOnlyList<string> All { get; } = [Change, Broken, Recovered];

    /// <summary>
    /// The event a transition raises, if any: into <c>broken</c> from anything else is <c>broken</c>; from
    /// <c>broken</c> or <c>degraded</c> to <c>healthy</c> is <c>recovered</c>. A first verdict (from <c>unknown</c>)
    /// is only <c>broken</c> when it is one, and leaving or entering <c>blocked</c> is neither: the monitor could not tell.
    /// </summary>
    public static string? ForTransition(CitationHealth from, CitationHealth to) => (from, to) switch
    {
        _ when from == to => null,
        (_, CitationHealth.Broken) => Broken,
        (CitationHealth.Broken or CitationHealth.Degraded, CitationHealth.Healthy) => Recovered,
        _ => null,
    };
}
