using System.Globalization;
using System.Text.Json;

namespace CitationMonitor.Api.Tests.Docs;

/// <summary>
/// The answer an example shows after its command: a <c>json</c> block (the body), or an <c>http</c> block (a status line
/// such as <c>HTTP/1.1 201 Created</c>, headers, and optionally a blank line and the body).
/// </summary>
internal sealed record ShownAnswer(int Line, int? Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    public static ShownAnswer From(FencedBlock block)
    {
        if (block.Language == "json")
        {
            return new ShownAnswer(block.Line, null, [], block.Text);
        }

        var lines = block.Lines;
        var statusLine = lines.Count > 0 ? lines[0].Split(' ', 3) : [];
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new FormatException("an http block starts with a status line such as 'HTTP/1.1 200 OK'");
        }

        var headers = new List<KeyValuePair<string, string>>();
        var i = 1;
        for (; i < lines.Count && lines[i].Trim().Length > 0; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            headers.Add(colon > 0 ? new(lines[i][..colon].Trim(), lines[i][(colon + 1)..].Trim()) : throw new FormatException($"not a header: '{lines[i]}'"));
        }

        return new ShownAnswer(block.Line, status, headers, string.Join('\n', lines.Skip(i)).Trim());
    }

    /// <summary>
    /// What differs between this and the answer received; empty when they agree. <paramref name="local"/> turns the
    /// documented base address in shown text into the one the answer came from.
    /// </summary>
    public IReadOnlyList<string> Compare(int status, IReadOnlyDictionary<string, string> headers, string body, Func<string, string> local)
    {
        var problems = new List<string>();
        if (Status is { } shownStatus && shownStatus != status)
        {
            problems.Add($"status {status}, shown {shownStatus}");
        }

        foreach (var (name, value) in Headers)
        {
            if (!headers.TryGetValue(name, out var answered))
            {
                problems.Add($"no {name} header");
            }
            else if (!ShownText.Matches(local(value), answered))
            {
                problems.Add($"{name}: {answered}, shown {value}");
            }
        }

        if (Body.Length > 0)
        {
            problems.AddRange(CompareBody(local(Body), body));
        }

        return problems;
    }

    private static IEnumerable<string> CompareBody(string shown, string body)
    {
        JsonElement shownJson;
        try
        {
            shownJson = JsonDocument.Parse(shown).RootElement;
        }
        catch (JsonException)
        {
            return shown.TrimStart().StartsWith('{') || shown.TrimStart().StartsWith('[')
                ? ["the JSON shown does not parse: write \"…\" for values left out"]
                : CompareLines(shown, body);
        }

        try
        {
            return ShownJson.Compare(shownJson, JsonDocument.Parse(body).RootElement);
        }
        catch (JsonException)
        {
            return [$"the answer is not JSON: {body[..Math.Min(body.Length, 200)]}"];
        }
    }

    /// <summary>A text body: each line shown must match a line of the answer, in order.</summary>
    private static IEnumerable<string> CompareLines(string shown, string body)
    {
        var answered = body.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var at = 0;
        foreach (var line in shown.Split('\n').Where(l => l.Trim().Length > 0))
        {
            var found = answered.FindIndex(at, a => ShownText.Matches(line.Trim(), a.Trim()));
            if (found < 0)
            {
                return [$"no line of the answer (after line {at}) reads '{line.Trim()}'"];
            }

            at = found + 1;
        }

        return [];
    }
}
