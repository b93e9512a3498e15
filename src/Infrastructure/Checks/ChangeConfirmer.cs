using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Noise;
using CitationMonitor.Infrastructure.Citations;
using CitationMonitor.Infrastructure.Noise;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Politeness;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>
/// The confirm step: a change is confirmed by a second look after <see cref="NoiseOptions.ConfirmAfter"/>. Lines that
/// differ between the two looks are learned as volatile, and only what still differs from the baseline without them is
/// a change; the confirming look is the one kept. When the second look fails, the first capture is kept as evidence
/// marked unconfirmed, never as a baseline.
/// </summary>
internal sealed class ChangeConfirmer(
    SourceLook source,
    VolatileLineStore volatileLines,
    IOptions<NoiseOptions> options,
    TimeProvider time,
    ILogger<ChangeConfirmer> logger)
{
    public async Task<Compared> ConfirmAsync(
        CitationRow citation, BaselineText baseline, string previousText, NoiseRules rules, Look first, CancellationToken cancellationToken)
    {
        await Task.Delay(options.Value.ConfirmAfter, time, cancellationToken);
        Look? again;
        try
        {
            // Never conditional: the confirmation needs the whole body.
            again = await source.TakeAsync(citation, null, baseline: null, cancellationToken);
        }
        catch (HostPausedException paused)
        {
            // The host may not be asked again yet: the change cannot be confirmed now, like a failed second fetch.
            again = null;
            logger.LogInformation("Host {Host} paused until {Until:O} ({Reason})", paused.Host, paused.Until, paused.Reason);
        }

        if (again is not { Fetch.Status: CheckStatus.Ok, Capture: { } againCapture })
        {
            // If the change holds, the next check still compares with the last confirmed text and reports it.
            logger.LogInformation(
                "Change of citation {CitationId} not confirmed: the second fetch ended {Status}",
                citation.Id, again?.Fetch.Status.ToWireName() ?? "paused");
            return new(first, baseline.Snapshot.Id, null, null, Unconfirmed: true) { Baseline = baseline };
        }

        var learned = NoiseFilter.LearnVolatile(previousText, first.Capture!.Content.Text, againCapture.Content.Text);
        await volatileLines.RememberAsync(citation.Id, learned, cancellationToken);
        var confirmed = BaselineComparer.Compare(previousText, againCapture.Content.Text, rules.WithVolatile(learned.Keys));
        var fetch = first.Fetch;
        var both = again.Fetch with { StartedAt = fetch.StartedAt, Duration = again.Fetch.StartedAt + again.Fetch.Duration - fetch.StartedAt };
        return new(new Look(both, againCapture), baseline.Snapshot.Id, confirmed, BaselineComparer.Classify(baseline, both, againCapture, confirmed))
        {
            Baseline = baseline,
        };
    }
}
