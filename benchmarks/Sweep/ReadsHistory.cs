using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Text;
using CitationMonitor.Domain.Vocabulary;
using CitationMonitor.Infrastructure.Fixity;
using CitationMonitor.Infrastructure.Persistence;
using CitationMonitor.Infrastructure.Snapshots;
using Microsoft.Data.Sqlite;

namespace CitationMonitor.Sweep;

/// <summary>What the history left each citation with: the state its row stores.</summary>
internal sealed class ReadsCitationStates(int citations)
{
    public CitationHealth[] Health { get; } = new CitationHealth[citations + 1];
    public CheckStatus?[] LastStatus { get; } = new CheckStatus?[citations + 1];
    public int?[] LastHttpStatus { get; } = new int?[citations + 1];
    public string?[] LastReason { get; } = new string?[citations + 1];
    public DateTimeOffset?[] LastCheckedAt { get; } = new DateTimeOffset?[citations + 1];
    public DateTimeOffset?[] LastOkAt { get; } = new DateTimeOffset?[citations + 1];
    public DateTimeOffset?[] LastChangedAt { get; } = new DateTimeOffset?[citations + 1];
    public DateTimeOffset?[] FirstFailureAt { get; } = new DateTimeOffset?[citations + 1];
    public DateTimeOffset[] CreatedAt { get; } = new DateTimeOffset[citations + 1];
    public int[] ConsecutiveFailures { get; } = new int[citations + 1];
    public int[] CheckCount { get; } = new int[citations + 1];
    public int[] ChangeCount { get; } = new int[citations + 1];
    public int[] SnapshotCount { get; } = new int[citations + 1];
    public string?[] Title { get; } = new string?[citations + 1];
    public bool[] Answered { get; } = new bool[citations + 1];
}

/// <summary>
/// Writes every check, snapshot, stored body and text, change and health transition, in the order they would have
/// happened: day by day, each citation at its own time of day, so ids grow with time as in a monitor's own file. Each
/// snapshot is sealed in the hash chain as it is written; each health comes from the contract's rules
/// (<see cref="HealthRules"/>) applied check after check, with a transition wherever it moves.
/// </summary>
internal sealed class ReadsHistory(SqliteConnection connection, ReadsPlan plan, DateTimeOffset now, Func<int, string> urlOf)
{
    private static readonly HealthPolicy Policy = new(3, TimeSpan.FromDays(2));
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HashSet<string> _stored = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Host, CheckStatus Status), Content> _errorPages = [];
    private long _snapshotId;
    private long _checkId;
    private string? _chainHead;

    public ReadsCitationStates States { get; } = new(plan.Settings.Citations);

    public long Changes { get; private set; }

    public long Transitions { get; private set; }

    /// <summary>Writes the history, committing every <paramref name="rowsPerCommit"/> rows or so.</summary>
    public void Write(Action commitNow, int rowsPerCommit)
    {
        var n = plan.Settings.Citations;
        using var checks = new ReadsInserter(connection, "checks",
            "id", "citation_id", "started_at", "duration_ms", "status", "http_status", "final_url", "redirects", "attempts", "error",
            "reason", "content_type", "snapshot_id", "content_changed", "not_modified");
        using var snapshots = new ReadsInserter(connection, "snapshots",
            [.. SnapshotChain.Fields, "prev_hash", "record_hash", "extraction"]);
        using var bodies = new ReadsInserter(connection, "bodies", "sha256", "byte_length", "encoding", "data", "created_at");
        using var texts = new ReadsInserter(connection, "texts", "sha256", "char_length", "encoding", "data");
        using var changes = new ReadsInserter(connection, "changes",
            "citation_id", "detected_at", "from_snapshot_id", "to_snapshot_id", "kind", "similarity", "inserted_words", "deleted_words", "diff");
        using var transitions = new ReadsInserter(connection, "health_transitions", "citation_id", "from_health", "to_health", "at", "check_id");

        var okSeen = new int[n + 1];
        var captures = new int[n + 1];
        var versions = new int[n + 1];
        var lastOkSnapshot = new long[n + 1];
        var content = new Content?[n + 1];
        var start = now.AddDays(-ReadsPlan.Days);
        var rows = 0L;
        for (var day = 0; day < ReadsPlan.Days; day++)
        {
            for (var i = 1; i <= n; i++)
            {
                var first = ReadsPlan.Days - plan.Checks[i];
                if (day < first)
                {
                    continue;
                }

                var k = day - first;
                var at = start.AddDays(day) + (TimeSpan.FromDays(1) * i / (n + 1));
                if (k == 0)
                {
                    States.CreatedAt[i] = at.AddHours(-1);
                }

                var url = urlOf(i);
                var status = plan.StatusOf(i, k);
                long? snapshot = null;
                var changed = false;
                var notModified = false;
                Content? page = null;
                if (status == CheckStatus.Ok)
                {
                    var ordinal = okSeen[i]++;
                    var wanted = captures[i] < plan.OkCaptures[i] && ordinal == plan.CaptureOrdinal(i, captures[i]);
                    if (wanted)
                    {
                        changed = ReadsPlan.ChangesAt(i, captures[i]);
                        if (captures[i]++ == 0 || changed)
                        {
                            content[i] = Page(i, changed ? ++versions[i] : versions[i]);
                        }

                        page = content[i]!;
                    }
                    else
                    {
                        notModified = true;
                    }
                }
                else if (ReadsPlan.FailureWithBody(status))
                {
                    page = ErrorPage(plan.HostOf(i), status);
                }

                var http = HttpStatusOf(status, notModified);
                if (page is not null)
                {
                    Store(page, at, bodies, texts);
                    snapshot = Snapshot(snapshots, i, url, at, status, http!.Value, page);
                    States.SnapshotCount[i]++;
                    rows += 3;
                }

                if (changed)
                {
                    changes.Row(i, DbTime.ToDb(at), lastOkSnapshot[i], snapshot, "content", 0.9231, 2, 2, Diff(i, versions[i]));
                    States.ChangeCount[i]++;
                    States.LastChangedAt[i] = at;
                    Changes++;
                }

                if (status == CheckStatus.Ok && snapshot is { } okSnapshot)
                {
                    lastOkSnapshot[i] = okSnapshot;
                }

                var checkId = ++_checkId;
                var timedOut = status == CheckStatus.Timeout;
                checks.Row(
                    checkId, i, DbTime.ToDb(at), timedOut ? 30_000L : 40L + (long)(ReadsPlan.Mix(i, 9000 + k) % 400),
                    WireName.Of(status), http, http is null ? null : url, "[]", timedOut ? 3L : 1L, ErrorOf(status),
                    status == CheckStatus.Ok ? null : ReasonOf(status, http), page is null ? null : "text/html; charset=utf-8",
                    snapshot, changed ? 1L : 0L, notModified ? 1L : 0L);
                Recorded(i, at, status, http, page, checkId, transitions);

                if (++rows >= rowsPerCommit)
                {
                    commitNow();
                    rows = 0;
                }
            }
        }

        Transitions = transitions.Rows;
    }

    /// <summary>The citation's state after a check, and a health transition when its health moved.</summary>
    private void Recorded(int i, DateTimeOffset at, CheckStatus status, int? http, Content? page, long checkId, ReadsInserter transitions)
    {
        var (failures, firstFailure) = HealthRules.NextFailureRun(status, at, States.ConsecutiveFailures[i], States.FirstFailureAt[i]);
        var health = HealthRules.Evaluate(new HealthInput(status, failures, firstFailure), Policy, at);
        if (health != States.Health[i])
        {
            transitions.Row(i, WireName.Of(States.Health[i]), WireName.Of(health), DbTime.ToDb(at), checkId);
            States.Health[i] = health;
        }

        States.ConsecutiveFailures[i] = failures;
        States.FirstFailureAt[i] = firstFailure;
        States.LastStatus[i] = status;
        States.LastHttpStatus[i] = http;
        States.LastReason[i] = status == CheckStatus.Ok ? null : ReasonOf(status, http);
        States.LastCheckedAt[i] = at;
        States.CheckCount[i]++;
        States.Answered[i] |= http is not null;
        if (status == CheckStatus.Ok)
        {
            States.LastOkAt[i] = at;
            States.Title[i] = page?.Title ?? States.Title[i];
        }
    }

    private long Snapshot(ReadsInserter snapshots, int i, string url, DateTimeOffset at, CheckStatus status, int http, Content page)
    {
        var id = ++_snapshotId;
        const string contentType = "text/html; charset=utf-8";
        var responseHeaders = $"[[\"Content-Type\",\"{contentType}\"],[\"Content-Length\",\"{page.Body.Length}\"]]";
        // Values as the chain reads them back: integers as long, text as stored.
        object?[] values =
        [
            id, (long)i, DbTime.ToDb(at), url, url, (long)http, WireName.Of(status), contentType, ContentKinds.Html,
            (long)page.Body.Length, page.Sha256, page.TextSha256, 0L, page.Title, 0L, null, null,
            "GET", url, "[[\"Accept\",\"text/html\"]]", "1.1", ReasonPhrase(http), responseHeaders,
            "monitor", null, null, null,
        ];
        var hash = SnapshotChain.RecordHash(values, _chainHead);
        snapshots.Row([.. values, _chainHead, hash, "2"]);
        _chainHead = hash;
        return id;
    }

    private void Store(Content page, DateTimeOffset at, ReadsInserter bodies, ReadsInserter texts)
    {
        if (_stored.Add(page.Sha256))
        {
            bodies.Row(page.Sha256, (long)page.Body.Length, BodyCodec.Identity, page.Body, DbTime.ToDb(at));
        }

        if (_stored.Add("text:" + page.TextSha256))
        {
            texts.Row(page.TextSha256, (long)page.Text.Length, BodyCodec.Identity, Encoding.UTF8.GetBytes(page.Text));
        }
    }

    /// <summary>Version <paramref name="version"/> of citation <paramref name="i"/>'s page: a small press release.</summary>
    private static Content Page(int i, int version) => Content.Of(
        $"Comunicado {i}",
        string.Create(CultureInfo.InvariantCulture,
            $"La Secretaría informa sobre la situación de las personas migrantes (comunicado {i}). Versión {version} del texto: las autoridades mantienen la atención en los puntos de entrada y publicarán nuevas cifras."));

    private Content ErrorPage(int host, CheckStatus status)
    {
        if (!_errorPages.TryGetValue((host, status), out var page))
        {
            page = status == CheckStatus.NotFound
                ? Content.Of("Página no encontrada", $"La página que busca no existe o fue movida. Sitio {host}.")
                : Content.Of("Acceso restringido", $"Verifique que es una persona para continuar. Sitio {host}.");
            _errorPages[(host, status)] = page;
        }

        return page;
    }

    private static string Diff(int i, int version) => JsonSerializer.Serialize(
        new List<DiffSegment>
        {
            new(DiffType.Equal, $"La Secretaría informa sobre la situación de las personas migrantes (comunicado {i}). Versión"),
            new(DiffType.Delete, $"{version - 1} del"),
            new(DiffType.Insert, $"{version} del"),
            new(DiffType.Equal, "texto: las autoridades mantienen la atención …"),
        }, Json);

    private static int? HttpStatusOf(CheckStatus status, bool notModified) => status switch
    {
        CheckStatus.Ok => notModified ? 304 : 200,
        CheckStatus.NotFound => 404,
        CheckStatus.Blocked => 403,
        _ => null,
    };

    private static string ReasonOf(CheckStatus status, int? http) => status switch
    {
        CheckStatus.Timeout => CheckReasons.AttemptTimeout,
        CheckStatus.DnsError => CheckReasons.NameNotResolved,
        _ => CheckReasons.HttpStatus(http ?? 0),
    };

    private static string? ErrorOf(CheckStatus status) => status switch
    {
        CheckStatus.Timeout => "No answer within 00:00:30.",
        CheckStatus.DnsError => "Name or service not known",
        _ => null,
    };

    private static string ReasonPhrase(int http) => http switch
    {
        200 => "OK",
        403 => "Forbidden",
        404 => "Not Found",
        _ => "",
    };

    /// <summary>A page as stored: its body, its text and their SHA-256s.</summary>
    private sealed record Content(string Title, byte[] Body, string Sha256, string Text, string TextSha256)
    {
        public static Content Of(string title, string paragraph)
        {
            var html = $"<!doctype html><html lang=\"es\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><main><h1>{title}</h1><p>{paragraph}</p></main></body></html>";
            var body = Encoding.UTF8.GetBytes(html);
            var text = $"{title}\n\n{paragraph}";
            return new Content(title, body, Convert.ToHexStringLower(SHA256.HashData(body)), text, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))));
        }
    }
}
