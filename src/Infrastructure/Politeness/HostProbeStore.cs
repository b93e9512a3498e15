using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Text;
using CitationMonitor.Infrastructure.Persistence;

namespace CitationMonitor.Infrastructure.Politeness;

/// <summary>
/// What one host answered for a path that cannot exist on it (see <see cref="HostProbes"/>): the origin
/// (scheme://host[:port], the unit a not-found template belongs to), when, the random URL and where it ended, the
/// answer's status, and the title, fingerprint and length of its main text when it answered 2xx.
/// </summary>
internal sealed record HostProbe(
    string Origin,
    string Host,
    DateTimeOffset ProbedAt,
    string Url,
    string FinalUrl,
    int? HttpStatus,
    CheckStatus Status,
    string? Reason,
    string? Title,
    TextFingerprint? Fingerprint,
    int TextLength)
{
    /// <summary>The stamp of the extraction that read its text (<see cref="ExtractionStamp"/>); null on probes stored before stamps.</summary>
    public string? Extraction { get; init; }

    public ProbeAnswer ToAnswer() => new(HttpStatus, Url, FinalUrl, Fingerprint);
}

/// <summary>The last probe of each origin, one row per origin of the database.</summary>
internal sealed class HostProbeStore(IDbConnectionFactory connections) : IHostProbeStore
{
    public async Task<HostProbe?> GetAsync(string origin, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        var row = await work.SingleOrDefaultAsync<Row>(
            """
            SELECT origin, host, probed_at, url, final_url, http_status, status, reason, title, text_fingerprint, text_words, text_length,
                   extraction
            FROM host_probes WHERE origin = @origin
            """, new { origin }, cancellationToken);
        return row is null
            ? null
            : new HostProbe(
                row.Origin, row.Host, row.ProbedAt, row.Url, row.FinalUrl, row.HttpStatus, row.Status, row.Reason, row.Title,
                TextFingerprint.Parse(row.TextFingerprint, row.TextWords), row.TextLength)
            {
                Extraction = row.Extraction,
            };
    }

    /// <summary>Keeps <paramref name="probe"/> as its origin's probe, replacing the one before.</summary>
    public async Task SaveAsync(HostProbe probe, CancellationToken cancellationToken)
    {
        await using var work = await connections.ConnectAsync(cancellationToken);
        await work.ExecuteAsync(
            """
            INSERT INTO host_probes (origin, host, probed_at, url, final_url, http_status, status, reason, title,
                                     text_fingerprint, text_words, text_length, extraction)
            VALUES (@Origin, @Host, @ProbedAt, @Url, @FinalUrl, @HttpStatus, @Status, @Reason, @Title,
                    @fingerprint, @words, @TextLength, @Extraction)
            ON CONFLICT (origin) DO UPDATE SET
                host = excluded.host,
                probed_at = excluded.probed_at,
                url = excluded.url,
                final_url = excluded.final_url,
                http_status = excluded.http_status,
                status = excluded.status,
                reason = excluded.reason,
                title = excluded.title,
                text_fingerprint = excluded.text_fingerprint,
                text_words = excluded.text_words,
                text_length = excluded.text_length,
                extraction = excluded.extraction
            """,
            new
            {
                probe.Origin,
                probe.Host,
                probe.ProbedAt,
                probe.Url,
                probe.FinalUrl,
                probe.HttpStatus,
                probe.Status,
                probe.Reason,
                probe.Title,
                fingerprint = probe.Fingerprint?.ToStored(),
                words = probe.Fingerprint?.Words ?? 0,
                probe.TextLength,
                probe.Extraction,
            }, cancellationToken);
    }

    private sealed class Row
    {
        public string Origin { get; init; } = "";
        public string Host { get; init; } = "";
        public DateTimeOffset ProbedAt { get; init; }
        public string Url { get; init; } = "";
        public string FinalUrl { get; init; } = "";
        public int? HttpStatus { get; init; }
        public CheckStatus Status { get; init; }
        public string? Reason { get; init; }
        public string? Title { get; init; }
        public string? TextFingerprint { get; init; }
        public int TextWords { get; init; }
        public int TextLength { get; init; }
        public string? Extraction { get; init; }
    }
}
