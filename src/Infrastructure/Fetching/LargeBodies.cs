using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Fetching;

/// <summary>
/// Process-wide turns for large bodies: a body that grows past <see cref="FetchOptions.LargeBodyBytes"/> is read on
/// only once its check holds one of <see cref="FetchOptions.MaxLargeBodies"/> turns, and the check keeps the turn
/// until it has recorded its result, since parsing, hashing and storing a capture cost several times its size. Small
/// pages never wait, so a few hostile or huge sources cannot make many checks at once hold hundreds of megabytes.
/// </summary>
/// <remarks>
/// Nothing waits for a turn while holding anything a turn holder may need: a fetch that finds its body large stops
/// with <see cref="LargeBodyTurnBusyException"/>, and its callers give back what they hold (the host's slot of
/// <c>Monitor:Worker:MaxConcurrencyPerHost</c>, an origin's probe lock) before they wait for the turn and fetch again.
/// Otherwise a check holding the turn and needing that host or probe could wait on checks that wait on it.
/// The turn belongs to the check (<see cref="BeginCheck"/>), not to one fetch: a check that fetches again to confirm a
/// change, or asks its host for a probe page, already holds it and never waits for itself.
/// </remarks>
public sealed class LargeBodies(IOptions<FetchOptions> options) : IDisposable
{
    private readonly AsyncLocal<LargeBodyTurn?> _current = new();
    private readonly SemaphoreSlim _turns = new(options.Value.MaxLargeBodies, options.Value.MaxLargeBodies);

    /// <summary>Size past which a body is large.</summary>
    public long Threshold { get; } = options.Value.LargeBodyBytes;

    /// <summary>Turns not held right now.</summary>
    public int Free => _turns.CurrentCount;

    /// <summary>The turn of the check this code runs in; null outside any check.</summary>
    internal LargeBodyTurn? Current => _current.Value;

    /// <summary>
    /// Starts a check's claim on a turn (taken only if one of its bodies turns out large); disposing it gives the turn
    /// back. Fetches made within the returned scope, at any depth, share it.
    /// </summary>
    /// <param name="afterWait">
    /// Runs each time the check has waited for the turn, before it goes on (the check renews its lease there); an
    /// exception from it ends the check, which still holds the turn until it disposes of it.
    /// </param>
    public LargeBodyTurn BeginCheck(Func<CancellationToken, Task>? afterWait = null)
    {
        var turn = new LargeBodyTurn(_turns, afterWait);
        _current.Value = turn;
        return turn;
    }

    /// <summary>A turn for one fetch made outside any check: given back when the fetch ends.</summary>
    internal LargeBodyTurn ForOneFetch() => new(_turns, null);

    public void Dispose() => _turns.Dispose();
}

/// <summary>One check's claim on a large-body turn; see <see cref="LargeBodies"/>.</summary>
public sealed class LargeBodyTurn : IDisposable
{
    private readonly SemaphoreSlim _turns;
    private readonly Func<CancellationToken, Task>? _afterWait;
    private int _held;

    internal LargeBodyTurn(SemaphoreSlim turns, Func<CancellationToken, Task>? afterWait)
    {
        _turns = turns;
        _afterWait = afterWait;
    }

    public bool Held => Volatile.Read(ref _held) == 1;

    /// <summary>Takes a turn if this claim holds one already or one is free at once.</summary>
    internal bool TryEnter()
    {
        if (Held)
        {
            return true;
        }

        if (!_turns.Wait(0))
        {
            return false;
        }

        Volatile.Write(ref _held, 1);
        return true;
    }

    /// <summary>Waits for a turn unless this claim already holds one.</summary>
    internal async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        if (Held)
        {
            return;
        }

        await _turns.WaitAsync(cancellationToken);
        Volatile.Write(ref _held, 1);
        if (_afterWait is not null)
        {
            await _afterWait(cancellationToken);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _held, 0) == 1)
        {
            try
            {
                _turns.Release();
            }
            catch (ObjectDisposedException)
            {
                // The services are being disposed at shutdown: there is nobody left to give the turn to.
            }
        }
    }
}

/// <summary>
/// A body turned out large while every large-body turn was taken: the fetch stopped, and its caller waits for
/// <see cref="Turn"/> outside any host slot before fetching again.
/// </summary>
public sealed class LargeBodyTurnBusyException(LargeBodyTurn turn)
    : Exception("The body is large and every large-body turn is taken.")
{
    public LargeBodyTurn Turn { get; } = turn;
}
