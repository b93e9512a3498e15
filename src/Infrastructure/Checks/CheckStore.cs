using System.Data.Common;
using System.Text.Json;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Changes;
using CitationMonitor.Infrastructure.Fetching;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Notifications;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using Dapper;

namespace CitationMonitor.Infrastructure.Checks;

/// <summary>
/// A body received by a check, with what was extracted from it. <see cref="NewBody"/> and <see cref="NewText"/>
/// are the compressed forms of content not stored yet (null when it is), prepared before the write transaction
/// so that compression never holds the database's write lock.
/// </summary>
internal sealed record Capture(
    byte[] Bytes, string Sha256, ExtractedContent Content, string TextSha256, bool Truncated, Compressed? NewBody, Compressed? NewText);

/// <summary>Everything one check produces, written in one transaction.</summary>
internal sealed record CheckOutcome(
    long CitationId,
    FetchResult Fetch,
    Capture? Capture,
    long? BaselineSnapshotId,
    TextComparison? Comparison,
    string Health,
    int ConsecutiveFailures,
    DateTimeOffset? FirstFailureAt,
    DateTimeOffset NextCheckAt,
    DateTimeOffset RecordedAt,
    string LeaseOwner)
{
    /// <summary>
    /// The change to record against the baseline, if any (see <see cref="ChangeClassifier"/>). <see cref="Comparison"/>
    /// alone says whether the text changed, which is what the check's <c>content_changed</c> keeps meaning.
    /// </summary>
    public ChangeKind? ChangeKind { get; init; }

    /// <summary>The capture's text differed from the baseline but could not be confirmed by a second fetch.</summary>
    public bool Unconfirmed { get; init; }

    /// <summary>Whether the citation's passage is still in the source; null when the check could not look.</summary>
    public QuoteMatch? Quote { get; init; }

    /// <summary>
    /// The passage went from found to altered or missing: a change of kind <c>quote</c> whose diff turns the cited
    /// passage into what the source says now.
    /// </summary>
    public TextComparison? QuoteLoss { get; init; }
}

internal sealed class CheckStore(IDbConnectionFactory connections, NotificationRecorder notifications)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly TextComparison Unchanged = new(false, 1.0, 0, 0, []);

    private const string Columns =
        """
        k.id, k.citation_id, k.started_at, k.duration_ms, k.status, k.http_status, k.final_url, k.redirects,
        k.attempts, k.error, k.reason, k.content_type, k.snapshot_id, k.content_changed,
        k.quote_status, k.quote_similarity, k.quote_match, k.not_modified, k.moved_to
        """;

    public async Task<Paged<CheckRow>> ListForCitationAsync(long citationId, PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM checks WHERE citation_id = @citationId", new { citationId }, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<CheckRow>(new CommandDefinition(
            $"SELECT {Columns} FROM checks k WHERE k.citation_id = @citationId ORDER BY k.id DESC LIMIT @PageSize OFFSET @Offset",
            new { citationId, page.PageSize, page.Offset }, cancellationToken: cancellationToken));
        return new Paged<CheckRow>(rows.AsList(), page.Page, page.PageSize, total);
    }

    public async Task<CheckRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<CheckRow>(new CommandDefinition(
            $"SELECT {Columns} FROM checks k WHERE k.id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Writes the snapshot, the change, the check and the citation's new state atomically.</summary>
    internal async Task<long> RecordAsync(CheckOutcome outcome, CancellationToken cancellationToken)
    {
        var fetch = outcome.Fetch;
        var recordedAt = DbTime.ToDb(outcome.RecordedAt);
        var changed = outcome.Comparison is { Changed: true } && outcome.BaselineSnapshotId is not null;
        var changeKind = outcome.BaselineSnapshotId is null ? null : outcome.ChangeKind;

        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        long? snapshotId = null;
        if (outcome.Capture is { } capture)
        {
            if (capture.NewBody is { } newBody)
            {
                await SnapshotStore.StoreBodyAsync(connection, transaction, capture.Sha256, capture.Bytes.LongLength, newBody, recordedAt, cancellationToken);
            }

            if (capture.NewText is { } newText)
            {
                await SnapshotStore.StoreTextAsync(connection, transaction, capture.TextSha256, capture.Content.Text.Length, newText, cancellationToken);
            }
            snapshotId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                """
                INSERT INTO snapshots (citation_id, captured_at, url, final_url, http_status, check_status, content_type, kind,
                                       byte_length, sha256, text_sha256, truncated, title, unconfirmed, etag, last_modified,
                                       request_method, request_url, request_headers, http_version, reason_phrase, response_headers)
                VALUES (@CitationId, @capturedAt, @Url, @FinalUrl, @httpStatus, @status, @ContentType, @Kind,
                        @byteLength, @Sha256, @TextSha256, @Truncated, @Title, @unconfirmed, @etag, @lastModified,
                        @requestMethod, @requestUrl, @requestHeaders, @httpVersion, @reasonPhrase, @responseHeaders)
                RETURNING id
                """,
                new
                {
                    outcome.CitationId,
                    capturedAt = DbTime.ToDb(fetch.StartedAt),
                    fetch.Url,
                    fetch.FinalUrl,
                    httpStatus = fetch.HttpStatus ?? 0,
                    status = fetch.Status.ToWireName(),
                    fetch.ContentType,
                    capture.Content.Kind,
                    byteLength = capture.Bytes.LongLength,
                    capture.Sha256,
                    capture.TextSha256,
                    capture.Truncated,
                    capture.Content.Title,
                    unconfirmed = outcome.Unconfirmed,
                    etag = Validator(fetch, "ETag"),
                    lastModified = Validator(fetch, "Last-Modified"),
                    requestMethod = fetch.Exchange?.Method,
                    requestUrl = fetch.Exchange?.Url,
                    requestHeaders = HeaderFields.ToJson(fetch.Exchange?.RequestHeaders),
                    httpVersion = fetch.Exchange?.HttpVersion,
                    reasonPhrase = fetch.Exchange?.Reason,
                    responseHeaders = HeaderFields.ToJson(fetch.Exchange?.ResponseHeaders),
                }, transaction, cancellationToken: cancellationToken));
            await SnapshotChain.SealAsync(connection, transaction, snapshotId.Value, cancellationToken);
        }

        if (changeKind is { } kind && snapshotId is { } toSnapshot)
        {
            // A title, move or type change with the same text has no word diff: similarity 1, nothing inserted or deleted.
            var comparison = outcome.Comparison is { Changed: true } textChange ? textChange : Unchanged;
            await InsertChangeAsync(connection, transaction, outcome, recordedAt, toSnapshot, kind, comparison, cancellationToken);
        }

        var quoteChanged = outcome.QuoteLoss is not null && snapshotId is not null && outcome.BaselineSnapshotId is not null;
        if (quoteChanged)
        {
            await InsertChangeAsync(
                connection, transaction, outcome, recordedAt, snapshotId!.Value, ChangeKind.Quote, outcome.QuoteLoss!, cancellationToken);
        }

        var checkId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO checks (citation_id, started_at, duration_ms, status, http_status, final_url, redirects, attempts,
                                error, reason, content_type, snapshot_id, content_changed, quote_status, quote_similarity, quote_match,
                                not_modified, moved_to)
            VALUES (@CitationId, @startedAt, @durationMs, @status, @HttpStatus, @finalUrl, @redirects, @Attempts,
                    @Error, @Reason, @ContentType, @snapshotId, @changed, @quoteStatus, @quoteSimilarity, @quoteMatch,
                    @NotModified, @MovedTo)
            RETURNING id
            """,
            new
            {
                outcome.CitationId,
                startedAt = DbTime.ToDb(fetch.StartedAt),
                durationMs = (long)fetch.Duration.TotalMilliseconds,
                status = fetch.Status.ToWireName(),
                fetch.HttpStatus,
                finalUrl = fetch.HttpStatus is null ? null : fetch.FinalUrl,
                redirects = JsonSerializer.Serialize(fetch.Redirects, Json),
                fetch.Attempts,
                fetch.Error,
                fetch.Reason,
                fetch.ContentType,
                snapshotId,
                changed,
                quoteStatus = outcome.Quote?.Status.ToWireName(),
                quoteSimilarity = outcome.Quote?.Similarity,
                quoteMatch = outcome.Quote?.Match,
                fetch.NotModified,
                fetch.MovedTo,
            }, transaction, cancellationToken: cancellationToken));

        // Notifications: the health transition (read against the stored health, so before the UPDATE below) and the
        // webhook deliveries for the change and the transition, queued in this transaction so a crash loses none.
        await notifications.OnCheckAsync(
            connection, transaction,
            new CheckNotice(outcome.CitationId, outcome.Health, checkId, changeKind is null && !quoteChanged ? null : snapshotId, outcome.RecordedAt),
            cancellationToken);

        var ok = fetch.Status == CheckStatus.Ok;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE citations SET
                health = @Health,
                last_status = @status,
                last_http_status = @HttpStatus,
                last_reason = @Reason,
                last_checked_at = @startedAt,
                next_check_at = @nextCheckAt,
                last_ok_at = CASE WHEN @ok THEN @startedAt ELSE last_ok_at END,
                last_changed_at = CASE WHEN @recorded THEN @recordedAt ELSE last_changed_at END,
                final_url = COALESCE(@finalUrl, final_url),
                moved_to = CASE WHEN @finalUrl IS NULL THEN moved_to ELSE @movedTo END,
                title = COALESCE(@title, title),
                consecutive_failures = @ConsecutiveFailures,
                first_failure_at = @firstFailureAt,
                check_count = check_count + 1,
                change_count = change_count + @changeCount,
                snapshot_count = snapshot_count + @snapshotCount,
                quote_status = CASE WHEN @quoteStatus IS NULL THEN quote_status ELSE @quoteStatus END,
                quote_similarity = CASE WHEN @quoteStatus IS NULL THEN quote_similarity ELSE @quoteSimilarity END,
                quote_match = CASE WHEN @quoteStatus IS NULL THEN quote_match ELSE @quoteMatch END,
                lease_until = CASE WHEN lease_owner = @LeaseOwner THEN NULL ELSE lease_until END,
                lease_owner = CASE WHEN lease_owner = @LeaseOwner THEN NULL ELSE lease_owner END
            WHERE id = @CitationId
            """,
            new
            {
                outcome.Health,
                status = fetch.Status.ToWireName(),
                fetch.HttpStatus,
                fetch.Reason,
                startedAt = DbTime.ToDb(fetch.StartedAt),
                nextCheckAt = DbTime.ToDb(outcome.NextCheckAt),
                ok,
                recorded = changeKind is not null || quoteChanged,
                recordedAt,
                finalUrl = fetch.HttpStatus is null ? null : fetch.FinalUrl,
                movedTo = fetch.MovedTo,
                title = ok ? outcome.Capture?.Content.Title : null,
                outcome.ConsecutiveFailures,
                firstFailureAt = DbTime.ToDb(outcome.FirstFailureAt),
                changeCount = (changeKind is null ? 0 : 1) + (quoteChanged ? 1 : 0),
                quoteStatus = outcome.Quote?.Status.ToWireName(),
                quoteSimilarity = outcome.Quote?.Similarity,
                quoteMatch = outcome.Quote?.Match,
                snapshotCount = snapshotId is null ? 0 : 1,
                outcome.CitationId,
                outcome.LeaseOwner,
            }, transaction, cancellationToken: cancellationToken));

        await transaction.CommitAsync(cancellationToken);
        return checkId;
    }

    /// <summary>A validator of the final answer as sent, to send back later; one too long to be sane is not kept.</summary>
    private static string? Validator(FetchResult fetch, string header) =>
        fetch.ResponseHeaders.TryGetValue(header, out var value) && value.Length is > 0 and <= 512 ? value : null;

    private static Task InsertChangeAsync(
        DbConnection connection, DbTransaction transaction, CheckOutcome outcome, string recordedAt, long toSnapshot,
        ChangeKind kind, TextComparison comparison, CancellationToken cancellationToken) =>
        ChangeStore.InsertAsync(
            connection, transaction, outcome.CitationId, recordedAt, outcome.BaselineSnapshotId, toSnapshot, kind, comparison, cancellationToken);
}
