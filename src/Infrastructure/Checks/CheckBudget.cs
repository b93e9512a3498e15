using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>
/// The process's one budget of checks in flight, whoever starts them: at most <see cref="WorkerOptions.MaxConcurrency"/>
/// at once, and a check is started against a host only while fewer than <see cref="WorkerOptions.MaxConcurrencyPerHost"/>
/// of its checks are in flight. A slot is held from the start of a check until its result is recorded.
/// </summary>
/// <remarks>
/// Two ways in. The scheduler (and any caller that may wait) waits for a slot in turn, first come first served
/// (<see cref="EnterAsync"/>); it chooses the host itself, from <see cref="InFlightOn"/>. A check asked for through the API
/// never waits (<see cref="TryEnter"/>): it gets a slot at once or is refused, and it is refused too while anyone waits
/// for a slot, so a check the scheduler has queued always gets the next slot that frees and is never starved by
/// clients. The fetches of a check still go through <c>Politeness/HostGate</c> and the large-body turns
/// (<c>Fetching/LargeBodies</c>), which a check asked for through the API does not wait for either.
/// </remarks>
internal sealed class CheckBudget(IOptions<WorkerOptions> options)
{
    /// <summary>The Retry-After of a refusal: checks take seconds, so a slot is likely free by then.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _perHost = new(StringComparer.OrdinalIgnoreCase);
    private readonly LinkedList<Waiter> _waiting = new();
    private int _inFlight;

    public int MaxConcurrency => options.Value.MaxConcurrency;

    public int MaxConcurrencyPerHost => options.Value.MaxConcurrencyPerHost;

    /// <summary>Checks in flight now, in the whole process.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                return _inFlight;
            }
        }
    }

    /// <summary>Checks waiting for a slot now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>Checks of <paramref name="host"/> in flight now, however they were started.</summary>
    public int InFlightOn(string host)
    {
        lock (_lock)
        {
            return _perHost.GetValueOrDefault(host);
        }
    }

    /// <summary>
    /// A slot for a check of <paramref name="host"/>, waited for in turn when none is free. The caller has chosen a host
    /// with room (<see cref="InFlightOn"/>); the host's limit is not waited for here.
    /// </summary>
    public async Task<CheckSlot> EnterAsync(string host, CancellationToken cancellationToken)
    {
        Waiter waiter;
        LinkedListNode<Waiter> node;
        lock (_lock)
        {
            if (_waiting.Count == 0 && _inFlight < MaxConcurrency)
            {
                return TakeLocked(host, mayWait: true);
            }

            waiter = new Waiter(host);
            node = _waiting.AddLast(waiter);
        }

        await using (cancellationToken.Register(() => Cancel(node, cancellationToken)))
        {
            return await waiter.Slot.Task;
        }
    }

    /// <summary>
    /// A slot for a check of <paramref name="host"/> if one is free now, no check waits for one, and the host has fewer
    /// than its share of checks in flight; otherwise why not. A check in such a slot never waits for a large-body turn.
    /// </summary>
    public bool TryEnter(string host, out CheckSlot? slot, out CheckRefusal? refusal)
    {
        lock (_lock)
        {
            slot = null;
            if (_inFlight >= MaxConcurrency || _waiting.Count > 0)
            {
                refusal = new CheckRefusal(CheckRefusal.MaxConcurrency, null, _inFlight, MaxConcurrency);
                return false;
            }

            var onHost = _perHost.GetValueOrDefault(host);
            if (onHost >= MaxConcurrencyPerHost)
            {
                refusal = new CheckRefusal(CheckRefusal.MaxConcurrencyPerHost, host, onHost, MaxConcurrencyPerHost);
                return false;
            }

            refusal = null;
            slot = TakeLocked(host, mayWait: false);
            return true;
        }
    }

    private CheckSlot TakeLocked(string host, bool mayWait)
    {
        _inFlight++;
        _perHost[host] = _perHost.GetValueOrDefault(host) + 1;
        return new CheckSlot(this, host, mayWait);
    }

    private void Release(string host)
    {
        Waiter? next = null;
        CheckSlot? handedOver = null;
        lock (_lock)
        {
            _inFlight--;
            if (--_perHost[host] == 0)
            {
                _perHost.Remove(host);
            }

            if (_waiting.First is { } first && _inFlight < MaxConcurrency)
            {
                _waiting.RemoveFirst();
                next = first.Value;
                handedOver = TakeLocked(next.Host, mayWait: true);
            }
        }

        next?.Slot.SetResult(handedOver!);
    }

    private void Cancel(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                // Handed a slot already: the caller has it and gives it back.
                return;
            }

            _waiting.Remove(node);
        }

        node.Value.Slot.SetCanceled(cancellationToken);
    }

    private sealed class Waiter(string host)
    {
        public string Host { get; } = host;

        public TaskCompletionSource<CheckSlot> Slot { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One check's place in the budget; disposing it gives the place back (once).</summary>
    internal sealed class CheckSlot(CheckBudget budget, string host, bool mayWait) : IDisposable
    {
        private int _released;

        public string Host { get; } = host;

        /// <summary>False for a check asked for through the API: it may not wait for a large-body turn.</summary>
        public bool MayWait { get; } = mayWait;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                budget.Release(Host);
            }
        }
    }
}

/// <summary>Why a check asked for through the API was not started (or stopped before anything was recorded).</summary>
/// <param name="Reason"><see cref="MaxConcurrency"/>, <see cref="MaxConcurrencyPerHost"/> or <see cref="MaxLargeBodies"/>.</param>
/// <param name="Host">The host whose share is taken, for <see cref="MaxConcurrencyPerHost"/>.</param>
/// <param name="InFlight">How many hold the limit now.</param>
/// <param name="Limit">The configured limit.</param>
internal sealed record CheckRefusal(string Reason, string? Host, int InFlight, int Limit)
{
    /// <summary>Every one of <c>Monitor:Worker:MaxConcurrency</c> slots is taken, or a check waits for one.</summary>
    public const string MaxConcurrency = "max_concurrency";

    /// <summary>The host has <c>Monitor:Worker:MaxConcurrencyPerHost</c> checks in flight.</summary>
    public const string MaxConcurrencyPerHost = "max_concurrency_per_host";

    /// <summary>The body is large and every one of <c>Monitor:Fetch:MaxLargeBodies</c> turns is taken.</summary>
    public const string MaxLargeBodies = "max_large_bodies";
}
