using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace CitationMonitor.Sweep;

/// <summary>
/// The runtime's allocation samples (its <c>GCAllocationTick</c> event, one for about every 100 KB allocated, naming the
/// type of the object that crossed the mark) counted by type: a sample's bytes stand for the allocations since the one
/// before, so the counts are a share of the bytes allocated, by type.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    private readonly ConcurrentDictionary<string, long> _bytes = new();

    public IReadOnlyDictionary<string, long> Top(int count) =>
        _bytes.OrderByDescending(pair => pair.Value).Take(count).ToDictionary(pair => pair.Key, pair => pair.Value);

    public void Reset() => _bytes.Clear();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var typeName = eventData.PayloadNames?.IndexOf("TypeName") is int t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames?.IndexOf("AllocationAmount64") is int a and >= 0 ? Convert.ToInt64(eventData.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(typeName, amount, (_, sum) => sum + amount);
    }
}
