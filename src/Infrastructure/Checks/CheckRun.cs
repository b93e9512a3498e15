namespace CitationMonitor.Infrastructure.Checks;

/// <summary>What became of a request to check a citation.</summary>
internal sealed record CheckRun(CheckRunOutcome Outcome, CheckRow? Check)
{
    public static CheckRun NotFound { get; } = new(CheckRunOutcome.NotFound, null);

    public static CheckRun Busy { get; } = new(CheckRunOutcome.Busy, null);

    public static CheckRun Retired { get; } = new(CheckRunOutcome.Retired, null);

    public static CheckRun Done(CheckRow check) => new(CheckRunOutcome.Checked, check);

    public static CheckRun Refused(CheckRefusal refusal) => new(CheckRunOutcome.Refused, null) { Refusal = refusal };

    public static CheckRun Postponed(string host, DateTimeOffset until, string reason) =>
        new(CheckRunOutcome.Postponed, null) { PausedHost = host, PausedUntil = until, PauseReason = reason };

    /// <summary>For <see cref="CheckRunOutcome.Postponed"/>: the host that may not be asked yet.</summary>
    public string? PausedHost { get; init; }

    /// <summary>For <see cref="CheckRunOutcome.Postponed"/>: when the host may be asked again (the citation's new <c>nextCheckAt</c> at the latest).</summary>
    public DateTimeOffset? PausedUntil { get; init; }

    /// <summary>For <see cref="CheckRunOutcome.Postponed"/>: <c>retry_after</c> or <c>circuit_open</c>.</summary>
    public string? PauseReason { get; init; }

    /// <summary>For <see cref="CheckRunOutcome.Refused"/>: which limit of the process's budget was full.</summary>
    public CheckRefusal? Refusal { get; init; }
}

internal enum CheckRunOutcome
{
    Checked,
    NotFound,

    /// <summary>Another check of the citation holds its lease.</summary>
    Busy,

    /// <summary>The citation is retired: it is checked no more, until it is brought back.</summary>
    Retired,

    /// <summary>
    /// The host may not be asked yet (a long Retry-After, or its circuit is open): no check was recorded, the citation
    /// is due again when the host may be asked.
    /// </summary>
    Postponed,

    /// <summary>
    /// A check that may not wait (asked for through the API) found the process's budget full: nothing was recorded and
    /// the citation's schedule is unchanged.
    /// </summary>
    Refused,
}

/// <summary>The check's lease on its citation ran out while it waited, and another owner claimed the citation.</summary>
internal sealed class LeaseLostException() : Exception("The citation's lease was lost to another owner.");
