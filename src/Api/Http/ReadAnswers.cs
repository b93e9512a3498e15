using System.IO.Compression;

namespace CitationMonitor.Api.Http;

/// <summary>
/// A read's answer as made once: its bytes, their media type and ETag, the data version it was made at, and when it goes
/// stale though nothing is written (an answer that counts the last seven days); null: not before the next write.
/// </summary>
internal sealed record ReadAnswer(byte[] Body, string ContentType, string ETag, long Version, DateTimeOffset? HoldsUntil)
{
    /// <summary>Answers smaller than this are sent as they are: gzip would save less than its own headers cost.</summary>
    private const int CompressFrom = 1024;

    private readonly Lazy<byte[]?> _gzip = new(() => Compress(Body));

    /// <summary>The body gzipped, made once by the first request that accepts it; null when it would not be smaller.</summary>
    public byte[]? Gzip => _gzip.Value;

    /// <summary>The ETag of the gzipped body: another representation of the same answer, so another tag.</summary>
    public string GzipETag => ETag[..^1] + ".gz\"";

    private static byte[]? Compress(byte[] body)
    {
        if (body.Length < CompressFrom)
        {
            return null;
        }

        using var output = new MemoryStream(body.Length / 8);
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return output.Length < body.Length ? output.ToArray() : null;
    }
}

/// <summary>
/// The answers of cached reads at the database's current data version, by path and query, up to a budget of bytes.
/// Every answer of an older version is dropped as soon as a newer version is seen: a write, by any process, drops them
/// all. Requests for an answer being made wait for it instead of making it again.
/// </summary>
internal sealed class ReadAnswers(long maxBytes)
{
    /// <summary>What an entry costs beyond its body: its key, headers and bookkeeping, roughly.</summary>
    private const int EntryOverhead = 256;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, TaskCompletionSource<ReadAnswer?>> _making = new(StringComparer.Ordinal);
    private Dictionary<string, ReadAnswer> _answers = new(StringComparer.Ordinal);
    private long _version = long.MinValue;
    private long _bytes;

    /// <summary>The answer kept for <paramref name="key"/> at <paramref name="version"/>, if it still holds at <paramref name="now"/>.</summary>
    public ReadAnswer? Find(string key, long version, DateTimeOffset now)
    {
        lock (_lock)
        {
            Advance(version);
            return _answers.TryGetValue(key, out var answer) && answer.Version == version && (answer.HoldsUntil is not { } until || until > now)
                ? answer
                : null;
        }
    }

    /// <summary>
    /// Joins the making of <paramref name="key"/>'s answer at <paramref name="version"/>: the first to ask makes it (and
    /// gets true), the others wait for the same task. The task's result is null when the answer is not one to share.
    /// </summary>
    public (Task<ReadAnswer?> Answer, bool Maker) Join(string key, long version)
    {
        lock (_lock)
        {
            var making = Key(key, version);
            if (_making.TryGetValue(making, out var waiting))
            {
                return (waiting.Task, false);
            }

            var made = new TaskCompletionSource<ReadAnswer?>(TaskCreationOptions.RunContinuationsAsynchronously);
            _making[making] = made;
            return (made.Task, true);
        }
    }

    /// <summary>Ends the making of <paramref name="key"/>'s answer: kept when it is one and fits, handed to whoever waits.</summary>
    public void Made(string key, long version, ReadAnswer? answer)
    {
        TaskCompletionSource<ReadAnswer?>? made;
        lock (_lock)
        {
            _making.Remove(Key(key, version), out made);
            Advance(version);
            var size = answer is null ? 0 : answer.Body.LongLength + key.Length + EntryOverhead;
            if (answer is not null && version == _version && _bytes + size <= maxBytes)
            {
                if (_answers.Remove(key, out var replaced))
                {
                    _bytes -= replaced.Body.LongLength + key.Length + EntryOverhead;
                }

                _answers[key] = answer;
                _bytes += size;
            }
        }

        made?.SetResult(answer);
    }

    /// <summary>Drops every answer made before <paramref name="version"/>, once a newer version is seen.</summary>
    private void Advance(long version)
    {
        if (version > _version)
        {
            _version = version;
            if (_answers.Count > 0)
            {
                _answers = new Dictionary<string, ReadAnswer>(StringComparer.Ordinal);
                _bytes = 0;
            }
        }
    }

    private static string Key(string key, long version) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{version} {key}");
}
