using System.Collections.Concurrent;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Politeness;

/// <summary>
/// Caps the checks in flight against one host, process-wide: the scheduler and on-demand checks share it.
/// </summary>
internal sealed class HostGate(IOptions<WorkerOptions> options)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IDisposable> EnterAsync(string host, CancellationToken cancellationToken)
    {
        var gate = _hosts.GetOrAdd(host, _ => new SemaphoreSlim(options.Value.MaxConcurrencyPerHost));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    /// <summary>
    /// One fetch within a slot of <paramref name="host"/>. A fetch that finds its body large while every large-body
    /// turn is taken gives the slot back, waits for a turn and starts over holding it (see <see cref="LargeBodies"/>).
    /// The caller must hold no other lock that a turn holder may need.
    /// </summary>
    public Task<FetchResult> FetchAsync(string host, Func<Task<FetchResult>> fetch, CancellationToken cancellationToken) =>
        LargeBodies.WithTurnAsync(
            async () =>
            {
                using (await EnterAsync(host, cancellationToken))
                {
                    return await fetch();
                }
            },
            cancellationToken);

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
