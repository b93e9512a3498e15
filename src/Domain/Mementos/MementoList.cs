namespace CitationMonitor.Domain.Mementos;

/// <summary>
/// The mementos of one source in datetime order, with the choices RFC 7089 asks of a TimeGate and a TimeMap: the
/// memento closest to a datetime, its first, last, previous and next.
/// </summary>
public sealed class MementoList
{
    private readonly List<Memento> _items;

    /// <summary>
    /// Orders the mementos by datetime. Two of one second have one memento URL, so only the later one (by snapshot id,
    /// then by order given) is kept: the state the source was in at the end of that second.
    /// </summary>
    public MementoList(IEnumerable<Memento> mementos)
    {
        _items = [.. mementos
            .Select((memento, order) => (Memento: memento with { Datetime = MementoDatetime.ToSecond(memento.Datetime) }, Order: order))
            .GroupBy(m => (m.Memento.Datetime, m.Memento.Uri))
            .Select(group => group.OrderBy(m => m.Memento.SnapshotId ?? long.MinValue).ThenBy(m => m.Order).Last().Memento)
            .OrderBy(m => m.Datetime)
            .ThenBy(m => m.SnapshotId is null ? 0 : 1)];
    }

    public IReadOnlyList<Memento> Items => _items;

    public int Count => _items.Count;

    public Memento? First => _items.Count > 0 ? _items[0] : null;

    public Memento? Last => _items.Count > 0 ? _items[^1] : null;

    /// <summary>
    /// The memento nearest in time to <paramref name="datetime"/>; on a tie, the earlier one (the state the source was
    /// already in). Null when there is none.
    /// </summary>
    public Memento? Closest(DateTimeOffset datetime)
    {
        Memento? best = null;
        var bestDistance = TimeSpan.MaxValue;
        foreach (var memento in _items)
        {
            var distance = (memento.Datetime - datetime).Duration();
            if (distance < bestDistance)
            {
                best = memento;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>The memento just before <paramref name="memento"/> in time, or null for the first.</summary>
    public Memento? Previous(Memento memento) => IndexOf(memento) is var i and > 0 ? _items[i - 1] : null;

    /// <summary>The memento just after <paramref name="memento"/> in time, or null for the last.</summary>
    public Memento? Next(Memento memento) => IndexOf(memento) is var i and >= 0 && i < _items.Count - 1 ? _items[i + 1] : null;

    private int IndexOf(Memento memento) => _items.IndexOf(memento);
}
