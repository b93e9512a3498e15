using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Documents;

namespace CitationMonitor.Infrastructure.OneShot;

/// <summary>What the one-shot check found: the document's sources, each looked at once, and what it left out.</summary>
/// <param name="Target">The file or URL as given.</param>
/// <param name="Kind">What the document was read as; null when a page could not be fetched, so was not read.</param>
/// <param name="CheckedAt">When the check started.</param>
/// <param name="Citations">One entry per source, in citing order (a page's own address first).</param>
/// <param name="Skipped">What looked like a citation and is not one.</param>
internal sealed record CheckedDocument(
    string Target, DocumentKind? Kind, DateTimeOffset CheckedAt, IReadOnlyList<SourceCheck> Citations, IReadOnlyList<SkippedText> Skipped)
{
    /// <summary>The worst readiness of the sources: ok when there are none.</summary>
    public Readiness Readiness => ReadinessRules.Worst(Citations.Select(c => c.Readiness));

    /// <summary>0 when every source is ok, 1 when any failed, 3 when the rest could not be told.</summary>
    public int ExitCode => Readiness switch
    {
        Readiness.Ok => OneShotExitCodes.Ok,
        Readiness.Failed => OneShotExitCodes.Failed,
        _ => OneShotExitCodes.Inconclusive,
    };

    public int Count(Readiness readiness) => Citations.Count(c => c.Readiness == readiness);
}

/// <summary>How the one-shot check ends, for a publishing pipeline to gate on.</summary>
public static class OneShotExitCodes
{
    /// <summary>Every source is <c>ok</c> (or the document cites none).</summary>
    public const int Ok = 0;

    /// <summary>At least one source failed: not there, or not reachable at its address.</summary>
    public const int Failed = 1;

    /// <summary>Bad input: no such file, a kind the monitor does not read, a bad URL, bad arguments or settings.</summary>
    public const int BadInput = 2;

    /// <summary>No source failed, but some could not be told (blocked, rate limited, timed out, a server or client error).</summary>
    public const int Inconclusive = 3;

    /// <summary>Stopped by Ctrl+C before every source was checked.</summary>
    public const int Interrupted = 130;
}
