using System.Diagnostics;
using System.Globalization;
using CitationMonitor.Infrastructure.Options;
using CitationMonitor.Infrastructure.Persistence;
using Dapper;
using Microsoft.Extensions.Options;

namespace CitationMonitor.Infrastructure.Checks;

internal sealed record DueCitation(long Id, string Host);

/// <summary>
/// A citation is checked only under a lease held in the database, so that no two checks of one citation
/// (two schedulers on one database, or the scheduler and <c>POST /api/citations/{id}/check</c>) ever overlap.
/// A lease abandoned by a killed process expires, and sooner than that it is given back by <see cref="ReleaseAbandonedAsync"/>
/// as soon as a process on the same machine sees that its owner no longer runs.
/// </summary>
internal sealed class CitationLeases(IDbConnectionFactory connections, IOptions<FetchOptions> fetchOptions, TimeProvider time)
{
    /// <summary>Machine, process id and when the process started: a process id reused by a later process is not the owner.</summary>
    private static readonly string ProcessId = FormattableString.Invariant(
        $"{Environment.MachineName}:{Environment.ProcessId}:{StartMark(Environment.ProcessId) ?? 0}");

    /// <summary>A new owner name: this process plus a unique part, one per claim.</summary>
    public static string NewOwner() => $"{ProcessId}:{Guid.NewGuid():N}";

    /// <summary>
    /// True when <paramref name="owner"/> names a process of this machine that has ended (a kill, a crash, a power cut):
    /// its leases can be given back at once. Owners of other machines, or in a form not understood, are never judged
    /// dead; their leases expire.
    /// </summary>
    internal static bool IsDeadLocalOwner(string owner)
    {
        var parts = owner.Split(':');
        if (parts.Length != 4
            || !string.Equals(parts[0], Environment.MachineName, StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var started))
        {
            return false;
        }

        return !IsRunning(pid, started);
    }

    /// <summary>Long enough for the slowest possible check: every attempt of every hop timing out, plus backoff.</summary>
    public TimeSpan Duration
    {
        get
        {
            var fetch = fetchOptions.Value;
            var attempts = fetch.RetryAttempts + 1;
            var worst = ((fetch.Timeout + fetch.PerHostDelay) * attempts * (fetch.MaxRedirects + 1))
                + (fetch.RetryBaseDelay * 8 * attempts) + (fetch.MaxRetryAfter * fetch.RetryAttempts);
            return worst < TimeSpan.FromMinutes(5) ? TimeSpan.FromMinutes(5) : worst;
        }
    }

    /// <summary>Claims up to <paramref name="limit"/> due citations, interleaved by host.</summary>
    public async Task<IReadOnlyList<DueCitation>> ClaimDueAsync(string owner, int limit, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nowText = DbTime.ToDb(now);
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = (await connection.QueryAsync<DueCitation>(new CommandDefinition(
            """
            SELECT id, host FROM citations
            WHERE next_check_at <= @now AND (lease_until IS NULL OR lease_until < @now)
            ORDER BY next_check_at, id
            LIMIT @limit
            """, new { now = nowText, limit }, transaction, cancellationToken: cancellationToken))).AsList();

        if (due.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE citations SET lease_owner = @owner, lease_until = @until WHERE id IN @ids",
                new { owner, until = DbTime.ToDb(now + Duration), ids = due.Select(d => d.Id).ToArray() },
                transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return Interleave(due);
    }

    /// <summary>
    /// Claims one citation, or renews a claim <paramref name="owner"/> already holds, for one check from now;
    /// false while someone else holds it.
    /// </summary>
    public async Task<bool> TryClaimAsync(long id, string owner, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE citations SET lease_owner = @owner, lease_until = @until
            WHERE id = @id AND (lease_owner = @owner OR lease_until IS NULL OR lease_until < @now)
            """, new { id, owner, now = DbTime.ToDb(now), until = DbTime.ToDb(now + Duration) },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Gives back a claim that was not used, so the citation can be claimed again at once.</summary>
    public async Task ReleaseAsync(long id, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE citations SET lease_owner = NULL, lease_until = NULL WHERE id = @id AND lease_owner = @owner",
            new { id, owner }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Gives back a claim whose check was postponed: the citation is due again at <paramref name="until"/>, or when it
    /// was due anyway if that is later.
    /// </summary>
    public async Task PostponeAsync(long id, string owner, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE citations
            SET next_check_at = CASE WHEN next_check_at < @until THEN @until ELSE next_check_at END,
                lease_owner = NULL, lease_until = NULL
            WHERE id = @id AND lease_owner = @owner
            """, new { id, owner, until = DbTime.ToDb(until) }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Gives back every lease whose owner was a process of this machine that no longer runs, so that after a kill the
    /// citations it held are checked on the next round instead of when their leases expire; the number of leases freed.
    /// </summary>
    public async Task<int> ReleaseAbandonedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var owners = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT lease_owner FROM citations WHERE lease_owner IS NOT NULL AND lease_until >= @now",
            new { now = DbTime.ToDb(time.GetUtcNow()) }, cancellationToken: cancellationToken));
        var dead = owners.Where(IsDeadLocalOwner).ToArray();
        if (dead.Length == 0)
        {
            return 0;
        }

        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE citations SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IN @dead",
            new { dead }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// A mark of when a process started, the same whichever process reads it: on Linux the kernel's start time in clock
    /// ticks after boot (a wall-clock start time derived from it drifts between readers), elsewhere the start time in
    /// whole seconds. Null when no such process runs; -1 when it runs but cannot be read (assumed to be the owner).
    /// </summary>
    internal static long? StartMark(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid}/stat");
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return -1;
            }

            // After the command name in brackets: state (field 3), ..., starttime (field 22).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] is "Z" or "X")
            {
                return null;
            }

            return long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? ticks : -1;
        }

        Process process;
        try
        {
            process = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return null;
        }

        using (process)
        {
            try
            {
                return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond;
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                return -1;
            }
        }
    }

    /// <summary>Whether the process with this id runs and is the one that started then (assumed so when that cannot be read).</summary>
    private static bool IsRunning(int pid, long startMark) => StartMark(pid) is { } mark && (mark == -1 || mark == startMark);

    /// <summary>Round-robin over hosts, so one big host does not hold every slot while others wait.</summary>
    private static List<DueCitation> Interleave(List<DueCitation> due) =>
        [.. due.GroupBy(d => d.Host)
            .SelectMany(group => group.Select((citation, index) => (citation, index)))
            .OrderBy(pair => pair.index)
            .Select(pair => pair.citation)];
}
