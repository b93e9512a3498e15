using System.Collections.Concurrent;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Politeness;

/// <summary>
/// Caps the checks in flight against one host, process-wide: the scheduler and on-demand checks share it; and, where
/// workers share the database, across all of them (<see cref="ISharedHosts"/>), a slot taken after this process's own.
/// </summary>
internal sealed class HostGate(IOptions<WorkerOptions> options, ISharedHosts shared)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public async Task<IAsyncDisposable> EnterAsync(string host, CancellationToken cancellationToken)
    {
        var gate = _hosts.GetOrAdd(host, _ => new SemaphoreSlim(options.Value.MaxConcurrencyPerHost));
        await gate.WaitAsync(cancellationToken);
        try
        {
            return new Release(gate, await shared.EnterAsync(host, cancellationToken));
        }
        catch
        {
            gate.Release();
            throw;
        }
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
                await using (await EnterAsync(host, cancellationToken))
                {
                    return await fetch();
                }
            },
            cancellationToken);

    private sealed class Release(SemaphoreSlim gate, IAsyncDisposable shared) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                try
                {
                    await shared.DisposeAsync();
                }
                finally
                {
                    gate.Release();
                }
            }
        }
    }
}
