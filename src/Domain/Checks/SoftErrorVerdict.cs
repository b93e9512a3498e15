namespace CitationMonitor.Domain.Checks;

/// <summary>
/// What an answer really is, whatever its status says: its check status, the reason (one of <see cref="CheckReasons"/>)
/// and a short error a person can read; <see cref="CheckStatus.Ok"/> with neither when it is what it claims to be.
/// </summary>
public readonly record struct SoftErrorVerdict(CheckStatus Status, string? Reason, string? Error);
