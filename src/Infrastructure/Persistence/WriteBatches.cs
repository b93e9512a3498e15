using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>
/// Write units that arrive while another is being written are written together: one transaction, one commit, for a
/// batch of them, each in a savepoint of its own. A unit that fails is rolled back to its savepoint alone and its caller
/// gets the exception; the others are committed. A unit the database ends to settle a conflict with another
/// transaction (a deadlock's victim) is rolled back to its savepoint and run again, up to <see cref="MaxAttempts"/>
/// times. Each caller is answered once the commit holding its unit is done, so
/// what a caller is told was written is written (a crash before the commit loses the whole batch, each unit whole, and
/// nothing a caller was told of). When writes come one at a time, a batch is one unit, written as before.
/// <para>
/// A unit must do all its work through the <see cref="UnitOfWork"/> it is given: it runs while the batch holds the
/// process's turn to write (<see cref="IDbConnectionFactory.WriterTurnAsync"/>), so a write of its own elsewhere would
/// wait for the batch it is part of.
/// </para>
/// </summary>
internal sealed class WriteBatches : IDisposable
{
    /// <summary>Units per transaction at most: enough to share a commit among every check in flight.</summary>
    internal const int MaxBatch = 128;

    private readonly IDbConnectionFactory _connections;
    private readonly ILogger<WriteBatches> _logger;
    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public WriteBatches(IDbConnectionFactory connections, ILogger<WriteBatches> logger)
    {
        _connections = connections;
        _logger = logger;

        // The writer outlives whoever first asked for it (perhaps a request): it does not take on their context.
        using (ExecutionContext.SuppressFlow())
        {
            _writer = Task.Run(WriteAsync);
        }
    }

    /// <summary>Runs <paramref name="work"/> in the next batch and returns its result once the batch is committed.</summary>
    /// <exception cref="ObjectDisposedException">The process is stopping and takes no more writes.</exception>
    public async Task<T> RunAsync<T>(Func<UnitOfWork, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var pending = new Pending(async (unit, token) => await work(unit, token), cancellationToken);
        if (!_pending.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(WriteBatches), "The process is stopping: no more writes are taken.");
        }

        return (T)(await pending.Written.Task)!;
    }

    /// <summary>Takes no more units; those queued are still written.</summary>
    public void Dispose()
    {
        _pending.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(30));
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await WriteBatchAsync(batch);
            batch.Clear();
        }
    }

    private async Task WriteBatchAsync(List<Pending> batch)
    {
        var results = new (object? Value, Exception? Error)[batch.Count];
        var committed = false;
        try
        {
            await using var work = await UnitOfWork.BeginAsync(_connections, CancellationToken.None);

            // Any unit may write a snapshot: the chain is the batch's from its start (a no-op where writers take turns).
            await work.Dialect.LockAsync(work, DbLock.SnapshotChain, CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                var pending = batch[i];
                if (pending.CancellationToken.IsCancellationRequested)
                {
                    results[i] = (null, new OperationCanceledException(pending.CancellationToken));
                    continue;
                }

                for (var attempt = 1; ; attempt++)
                {
                    await work.Transaction!.SaveAsync(Savepoint);
                    try
                    {
                        results[i] = (await pending.Work(work, pending.CancellationToken), null);
                        await work.Transaction.ReleaseAsync(Savepoint);
                        break;
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        await UndoAsync(work.Transaction, ex);
                        if (attempt < MaxAttempts && IsConflict(ex) && !pending.CancellationToken.IsCancellationRequested)
                        {
                            // Chosen to end a deadlock, or to keep transactions serializable: undone, and run again.
                            _logger.LogInformation(
                                "A write conflicted with another transaction ({SqlState}) and is run again (attempt {Attempt} of {MaxAttempts})",
                                ((PostgresException)ex).SqlState, attempt + 1, MaxAttempts);
                            continue;
                        }

                        results[i] = (null, ex);
                        break;
                    }
                }
            }

            await work.CommitAsync(CancellationToken.None);
            committed = true;
        }
        catch (Exception ex) when (!committed)
        {
            // Nothing of the batch was committed: every unit's caller is told so.
            foreach (var pending in batch)
            {
                pending.Written.TrySetException(ex);
            }

            return;
        }
        catch (Exception ex)
        {
            // The commit stands: a failure giving the connection back afterwards undoes nothing.
            _logger.LogWarning(ex, "A batch of {Count} write(s) was committed, and then its connection failed to close", batch.Count);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (results[i].Error is { } error)
            {
                batch[i].Written.TrySetException(error);
            }
            else
            {
                batch[i].Written.TrySetResult(results[i].Value);
            }
        }
    }

    /// <summary>
    /// Undoes one unit back to its savepoint. When even that fails (SQLite may have rolled back the whole transaction on
    /// some errors), the batch fails, with the unit's own error as the cause.
    /// </summary>
    private static async Task UndoAsync(System.Data.Common.DbTransaction transaction, Exception cause)
    {
        try
        {
            await transaction.RollbackAsync(Savepoint);
            await transaction.ReleaseAsync(Savepoint);
        }
        catch (Exception undo) when (undo is not OutOfMemoryException)
        {
            throw new InvalidOperationException(
                $"A write failed ({cause.Message}) and could not be undone alone ({undo.Message}): nothing of its batch is kept.", cause);
        }
    }

    private const string Savepoint = "unit";

    /// <summary>Runs of one unit at most when the database ends it to settle a conflict with another transaction.</summary>
    internal const int MaxAttempts = 3;

    /// <summary>
    /// A PostgreSQL error that says nothing of the unit itself, only of its timing against another transaction: it was
    /// the victim of a deadlock (<c>40P01</c>) or failed serialization (<c>40001</c>). Run again, it goes through.
    /// </summary>
    internal static bool IsConflict(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    private sealed class Pending(Func<UnitOfWork, CancellationToken, Task<object?>> work, CancellationToken cancellationToken)
    {
        public Func<UnitOfWork, CancellationToken, Task<object?>> Work { get; } = work;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        // Answered on the thread pool, not inline on the writer: the next batch does not wait for the callers' work.
        public TaskCompletionSource<object?> Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
