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
/// change, or asks its host for a probe page, already holds it and never waits for itself. A check asked for through
/// the API waits for no turn at all: it takes one that is free or stops (<see cref="LargeBodyTurnRefusedException"/>).
/// </remarks>
public sealed class LargeBodies(IOptions<FetchOptions> options) : IDisposable
{
    private readonly AsyncLocal<LargeBodyTurn?> _current = new();
    private readonly SemaphoreSlim _turns = new(options.Value.MaxLargeBodies, options.Value.MaxLargeBodies);

    /// <summary>Size past which a body is large.</summary>
    public long Threshold { get; } = options.Value.LargeBodyBytes;

    /// <summary>How many turns there are (<see cref="FetchOptions.MaxLargeBodies"/>).</summary>
    public int Limit { get; } = options.Value.MaxLargeBodies;

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
    /// <param name="mayWait">
    /// False for a check that may not wait (one asked for through the API): where it would wait for a turn, it takes one
    /// that is free at once or stops with <see cref="LargeBodyTurnRefusedException"/>.
    /// </param>
    public LargeBodyTurn BeginCheck(Func<CancellationToken, Task>? afterWait = null, bool mayWait = true)
    {
        var turn = new LargeBodyTurn(_turns, afterWait, mayWait);
        _current.Value = turn;
        return turn;
    }

    /// <summary>A turn for one fetch made outside any check: given back when the fetch ends.</summary>
    internal LargeBodyTurn ForOneFetch() => new(_turns, null, mayWait: true);

    /// <summary>
    /// The turn held while a stored body of <paramref name="length"/> bytes is read back and parsed: none for a body that
    /// is not large; inside a check, the check's own, taken now (or refused, for a check that may not wait) and kept until
    /// the check ends (null is returned); outside any check, a turn of its own, given back when the caller disposes of it.
    /// </summary>
    internal async Task<LargeBodyTurn?> ForStoredBodyAsync(long length, CancellationToken cancellationToken)
    {
        if (length <= Threshold)
        {
            return null;
        }

        if (Current is { } check)
        {
            await check.EnterAsync(cancellationToken);
            return null;
        }

        var own = ForOneFetch();
        try
        {
            await own.EnterAsync(cancellationToken);
            return own;
        }
        catch
        {
            own.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="attempt"/>; when it stops with <see cref="LargeBodyTurnBusyException"/>, waits for the turn
    /// and runs it again. The attempt takes and gives back its own locks (a host slot, a probe lock), so none is held
    /// during the wait.
    /// </summary>
    internal static async Task<T> WithTurnAsync<T>(Func<Task<T>> attempt, CancellationToken cancellationToken)
    {
        while (true)
        {
            LargeBodyTurn turn;
            try
            {
                return await attempt();
            }
            catch (LargeBodyTurnBusyException busy)
            {
                turn = busy.Turn;
            }

            await turn.EnterAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Reads <paramref name="stream"/> up to <paramref name="cap"/> bytes, reading on past <see cref="Threshold"/> only
    /// with <paramref name="turn"/> held. Short of it, <paramref name="waitForTurn"/> says what to do: wait (nothing
    /// that a turn holder may need is held) or stop with <see cref="LargeBodyTurnBusyException"/> for the caller to
    /// give back its locks first. A body of exactly the threshold is not large. <paramref name="sizeHint"/> (a
    /// Content-Length, perhaps of compressed bytes) only sizes the buffer, never beyond what may be read yet.
    /// </summary>
    internal async Task<(byte[] Body, bool Truncated)> ReadAsync(
        Stream stream, int cap, long? sizeHint, LargeBodyTurn turn, bool waitForTurn, CancellationToken cancellationToken)
    {
        var free = (int)Math.Min(cap, Threshold);
        var hint = sizeHint ?? 0;
        var buffer = new byte[(int)Math.Min(turn.Held ? cap : free, Math.Max(hint, 16 * 1024))];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length == cap)
                {
                    // One byte more tells whether anything was cut; the rest is never read.
                    return (buffer, await stream.ReadAsync(new byte[1], cancellationToken) > 0);
                }

                byte? next = null;
                if (length >= free && !turn.Held)
                {
                    // Only a body that goes on past the threshold is large: one byte more tells.
                    var one = new byte[1];
                    if (await stream.ReadAsync(one, cancellationToken) == 0)
                    {
                        break;
                    }

                    if (waitForTurn)
                    {
                        await turn.EnterAsync(cancellationToken);
                    }
                    else if (!turn.TryEnter())
                    {
                        throw new LargeBodyTurnBusyException(turn);
                    }

                    next = one[0];
                }

                var limit = turn.Held ? cap : free;
                Array.Resize(ref buffer, (int)Math.Min(limit, Math.Max(buffer.Length * 2L, Math.Min(limit, hint))));
                if (next is { } b)
                {
                    buffer[length++] = b;
                    continue;
                }
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        if (length != buffer.Length)
        {
            Array.Resize(ref buffer, length);
        }

        return (buffer, false);
    }

    public void Dispose() => _turns.Dispose();
}

/// <summary>One check's claim on a large-body turn; see <see cref="LargeBodies"/>.</summary>
public sealed class LargeBodyTurn : IDisposable
{
    private readonly SemaphoreSlim _turns;
    private readonly Func<CancellationToken, Task>? _afterWait;
    private readonly bool _mayWait;
    private int _held;

    internal LargeBodyTurn(SemaphoreSlim turns, Func<CancellationToken, Task>? afterWait, bool mayWait)
    {
        _turns = turns;
        _afterWait = afterWait;
        _mayWait = mayWait;
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

    /// <summary>
    /// Waits for a turn unless this claim already holds one; a claim that may not wait takes a free turn or throws
    /// <see cref="LargeBodyTurnRefusedException"/>. A turn is free only when nobody waits for one.
    /// </summary>
    internal async ValueTask EnterAsync(CancellationToken cancellationToken)
    {
        if (Held)
        {
            return;
        }

        if (!_mayWait)
        {
            if (!TryEnter())
            {
                throw new LargeBodyTurnRefusedException();
            }

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

/// <summary>
/// A body turned out large while every large-body turn was taken, in a check that may not wait for one (a check asked
/// for through the API): the check stops and records nothing.
/// </summary>
public sealed class LargeBodyTurnRefusedException()
    : Exception("The body is large, every large-body turn is taken, and this check may not wait for one.");
