using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Domain.Citations;

/// <summary>Thresholds of the <c>broken</c> rule.</summary>
/// <param name="BrokenAfterFailures">Consecutive failing checks before a citation can be broken.</param>
/// <param name="BrokenAfter">How old the first of those failures must be.</param>
public sealed record HealthPolicy(int BrokenAfterFailures, TimeSpan BrokenAfter);

/// <summary>What the health rules need to know of a citation's recent history.</summary>
/// <param name="LastStatus">Status of the newest check.</param>
/// <param name="ConsecutiveFailures">Failing checks in a row, newest included, counted with <see cref="HealthRules.CountsTowardBroken"/>.</param>
/// <param name="FirstFailureAt">Start of the oldest check in that run of failures.</param>
public sealed record HealthInput(CheckStatus? LastStatus, int ConsecutiveFailures, DateTimeOffset? FirstFailureAt);

/// <summary>The contract's health rules, as pure functions.</summary>
public static class HealthRules
{
    /// <summary>Statuses that say "the source is not there"; only these can make a citation broken.</summary>
    public static bool CountsTowardBroken(CheckStatus status) => status is
        CheckStatus.NotFound or CheckStatus.Gone or CheckStatus.Soft404 or CheckStatus.ServerError or
        CheckStatus.ClientError or CheckStatus.Timeout or CheckStatus.DnsError or CheckStatus.ConnectionError or
        CheckStatus.TlsError or CheckStatus.RedirectLoop;

    /// <summary>Statuses that tell nothing about the source: the monitor could not look.</summary>
    public static bool IsInconclusive(CheckStatus status) =>
        status is CheckStatus.Blocked or CheckStatus.RateLimited or CheckStatus.ForbiddenTarget;

    /// <summary>
    /// The run of failures after a new check: it grows on a failure that counts toward broken and
    /// starts over on anything else, so it always counts "the last N checks all failed".
    /// </summary>
    public static (int ConsecutiveFailures, DateTimeOffset? FirstFailureAt) NextFailureRun(
        CheckStatus status, DateTimeOffset checkedAt, int consecutiveFailures, DateTimeOffset? firstFailureAt)
    {
        if (!CountsTowardBroken(status))
        {
            return (0, null);
        }

        return (consecutiveFailures + 1, consecutiveFailures == 0 ? checkedAt : firstFailureAt ?? checkedAt);
    }

    /// <summary>The health the contract gives a citation with this history, judged at <paramref name="now"/>.</summary>
    public static CitationHealth Evaluate(HealthInput input, HealthPolicy policy, DateTimeOffset now)
    {
        if (input.LastStatus is not { } last)
        {
            return CitationHealth.Unknown;
        }

        if (last == CheckStatus.Ok)
        {
            return CitationHealth.Healthy;
        }

        if (IsInconclusive(last))
        {
            return CitationHealth.Blocked;
        }

        var brokenHolds = CountsTowardBroken(last)
            && input.ConsecutiveFailures >= policy.BrokenAfterFailures
            && input.FirstFailureAt is { } first
            && now - first >= policy.BrokenAfter;

        return brokenHolds ? CitationHealth.Broken : CitationHealth.Degraded;
    }
}
