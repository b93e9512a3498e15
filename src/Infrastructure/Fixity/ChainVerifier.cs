using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Fixity;

/// <summary>Where the chain first fails, and how: one of <see cref="ChainProblems"/>, with a sentence saying what was seen.</summary>
internal sealed record ChainBreak(long SnapshotId, string Problem, string Detail);

/// <summary>The result of walking the whole chain: its length and head, and the first row where it fails (null when intact).</summary>
internal sealed record ChainReport(
    bool Intact, long Length, long? HeadSnapshotId, string? HeadRecordHash, ChainBreak? FirstBroken, DateTimeOffset VerifiedAt);

internal static class ChainProblems
{
    /// <summary>The row's fields (or its prev_hash) no longer hash to its record_hash: it was edited after it was sealed.</summary>
    public const string Altered = "altered";

    /// <summary>The row's prev_hash is not the record_hash of the row before it: a snapshot between them was removed.</summary>
    public const string Removed = "removed";

    /// <summary>The row has no record_hash although rows after it (or the check that wrote it) should have sealed it.</summary>
    public const string Unsealed = "unsealed";

    /// <summary>The row was the chain's head at an earlier fixity run, with another record_hash: history was re-sealed.</summary>
    public const string Rewritten = "rewritten";
}

/// <summary>
/// Walks the snapshot hash chain in id order, one row at a time (memory stays bounded however long it is): recomputes each
/// record's hash, follows each link, and compares the rows that earlier fixity runs recorded as the chain's head with what
/// they hold now, so that even a chain re-sealed from end to end after an edit is caught.
/// </summary>
internal sealed class ChainVerifier(IDbConnectionFactory connections, TimeProvider time)
{
    public async Task<ChainReport> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var heads = await SnapshotChainStore.RecordedHeadsAsync(work, cancellationToken);
        var nextHead = 0;

        long length = 0;
        ChainedRow? previous = null;
        ChainBreak? broken = null;
        await foreach (var row in SnapshotChainStore.InOrderAsync(work, cancellationToken))
        {
            length++;
            if (broken is null)
            {
                // Heads recorded before this row whose rows are gone: the chain was rebuilt without them.
                while (nextHead < heads.Count && heads[nextHead].Id < row.Id)
                {
                    var gone = heads[nextHead];
                    broken = new ChainBreak(row.Id, ChainProblems.Removed,
                        $"Snapshot {gone.Id}, the chain's head at fixity run {gone.RunId} ({gone.Started}), no longer exists.");
                    nextHead = heads.Count;
                }

                broken ??= Check(row, previous);
                if (broken is null && nextHead < heads.Count && heads[nextHead].Id == row.Id)
                {
                    var head = heads[nextHead++];
                    if (head.Hash != row.RecordHash)
                    {
                        broken = new ChainBreak(row.Id, ChainProblems.Rewritten,
                            $"Fixity run {head.RunId} ({head.Started}) recorded this snapshot as the chain's head with record hash "
                            + $"{head.Hash}; it now holds {row.RecordHash}: the chain was re-sealed since.");
                    }
                }
            }

            previous = row;
        }

        if (broken is null && nextHead < heads.Count)
        {
            var gone = heads[nextHead];
            broken = new ChainBreak(gone.Id, ChainProblems.Removed,
                $"Snapshot {gone.Id}, the chain's head at fixity run {gone.RunId} ({gone.Started}), no longer exists.");
        }

        return new ChainReport(broken is null, length, previous?.Id, previous?.RecordHash, broken, time.GetUtcNow());
    }

    private static ChainBreak? Check(ChainedRow row, ChainedRow? previous)
    {
        if (row.RecordHash is null)
        {
            return new ChainBreak(row.Id, ChainProblems.Unsealed, "This snapshot has no record hash: it is not part of the chain.");
        }

        if (SnapshotChain.RecordHash(row.Values, row.PrevHash) != row.RecordHash)
        {
            return new ChainBreak(row.Id, ChainProblems.Altered,
                "This snapshot's fields no longer hash to its record hash: it was changed after it was recorded.");
        }

        var expected = previous?.RecordHash;
        if (row.PrevHash == expected)
        {
            return null;
        }

        return new ChainBreak(row.Id, ChainProblems.Removed, previous is null
            ? "The first snapshot on record links to an earlier one that no longer exists."
            : $"This snapshot links to a record hash that is not snapshot {previous.Id}'s: a snapshot between them was removed, "
              + $"or snapshot {previous.Id} was re-sealed.");
    }
}
