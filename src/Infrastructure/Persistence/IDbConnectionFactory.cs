using System.Data.Common;

namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>
/// The persistence seam: every store opens its connections here, one per unit of work.
/// A second engine is a second implementation of this and its own migrations.
/// </summary>
public interface IDbConnectionFactory
{
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// This process's turn to write, taken before a write transaction begins and given back (disposed) when it ends; null
    /// when the engine needs none. An engine with one writer at a time makes its writers queue here, in turn, rather
    /// than wait on the database's lock.
    /// </summary>
    ValueTask<IDisposable?> WriterTurnAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);
}
