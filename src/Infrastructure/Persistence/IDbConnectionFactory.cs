using System.Data.Common;

namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>
/// The persistence seam: every store opens its connections here, one per unit of work.
/// A second engine is a second implementation of this and its own migrations.
/// </summary>
public interface IDbConnectionFactory
{
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);
}
