using System.Net.Http.Headers;

namespace CitationMonitor.Api.Tests.Docs;

/// <summary>
/// A <c>curl</c> command of an example, read from its arguments: the flags examples use and nothing else, so an
/// example with a flag this does not know fails instead of being run as something it is not. No curl binary is needed.
/// </summary>
internal sealed record CurlCommand(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Data, bool FollowRedirects)
{
    /// <summary>
    /// The parts of a <c>-F</c> form, in order: <c>name=value</c>, or <c>name=@path</c> for a file (a path from the
    /// repository's root, where the examples' files live).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Form { get; init; } = [];

    /// <summary>Flags that change nothing in what is sent or compared: silence, showing headers, where the body is saved.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "-s", "--silent", "-S", "--show-error", "-i", "--include", "-O", "--remote-name", "-J", "--remote-header-name", "-f", "--fail",
    };

    /// <summary>The one-letter flags understood; they may be grouped (<c>-sI</c>).</summary>
    private static readonly Dictionary<char, string> ShortNames = "sSiILOJfXHdoF".ToDictionary(c => c, c => $"-{c}");

    private static readonly HashSet<string> TakeValue = new(StringComparer.Ordinal)
    {
        "-X", "--request", "-H", "--header", "-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "-o", "--output", "-F", "--form",
    };

    /// <summary>Reads the arguments after <c>curl</c>; a <see cref="FormatException"/> says what cannot be run.</summary>
    public static CurlCommand Parse(IReadOnlyList<string> arguments)
    {
        string? method = null, url = null;
        var head = false;
        var follow = false;
        var headers = new List<KeyValuePair<string, string>>();
        var data = new List<string>();
        var form = new List<KeyValuePair<string, string>>();
        foreach (var (flag, value) in Flags(arguments))
        {
            switch (flag)
            {
                case null when url is null:
                    url = value;
                    break;
                case null:
                    throw new FormatException($"a second URL '{value}'");
                case "-X" or "--request":
                    method = value;
                    break;
                case "-H" or "--header":
                    var colon = value!.IndexOf(':', StringComparison.Ordinal);
                    headers.Add(colon > 0
                        ? new(value[..colon].Trim(), value[(colon + 1)..].Trim())
                        : throw new FormatException($"a header without a colon: '{value}'"));
                    break;
                case "-d" or "--data" or "--data-raw" or "--data-binary" or "--data-ascii":
                    data.Add(!value!.StartsWith('@') || flag == "--data-raw" ? value : throw new FormatException("data read from a file (-d @file)"));
                    break;
                case "-I" or "--head":
                    head = true;
                    break;
                case "-L" or "--location":
                    follow = true;
                    break;
                case "-o" or "--output":
                    break;
                case "-F" or "--form":
                    var equals = value!.IndexOf('=', StringComparison.Ordinal);
                    form.Add(equals > 0 ? new(value[..equals], value[(equals + 1)..]) : throw new FormatException($"a form part without '=': '{value}'"));
                    break;
                default:
                    if (!Ignored.Contains(flag))
                    {
                        throw new FormatException($"the curl flag {flag} is not one the docs test knows");
                    }

                    break;
            }
        }

        if (form.Count > 0 && data.Count > 0)
        {
            throw new FormatException("both -F and -d: curl sends one body");
        }

        method ??= head ? "HEAD" : data.Count > 0 || form.Count > 0 ? "POST" : "GET";
        return new CurlCommand(
            method, url ?? throw new FormatException("no URL"), headers, data.Count > 0 ? string.Join('&', data) : null, follow)
        {
            Form = form,
        };
    }

    /// <summary>The request, sent to <paramref name="actualBase"/> instead of the documented base address.</summary>
    public HttpRequestMessage ToRequest(string documentedBase, Uri actualBase)
    {
        if (!Url.StartsWith(documentedBase, StringComparison.Ordinal))
        {
            throw new FormatException($"the URL {Url} is not on {documentedBase}, where the examples talk to the monitor");
        }

        var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(actualBase, Url[documentedBase.Length..]));
        request.Headers.TryAddWithoutValidation("Accept", "*/*");
        string? contentType = null;
        foreach (var (name, value) in Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (Form.Count > 0)
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (name, value) in Form)
            {
                if (value.StartsWith('@'))
                {
                    var path = Path.Combine(DocsPages.RepositoryRoot, value[1..]);
                    multipart.Add(new ByteArrayContent(File.Exists(path) ? File.ReadAllBytes(path) : throw new FormatException($"no file {value[1..]} in the repository")), name, Path.GetFileName(path));
                }
                else
                {
                    multipart.Add(new StringContent(value), name);
                }
            }

            request.Content = multipart;
        }

        if (Data is not null)
        {
            request.Content = new StringContent(Data);
            // What curl sends with -d when no Content-Type is given.
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/x-www-form-urlencoded");
        }

        return request;
    }

    /// <summary>(flag, value) pairs in order; a positional argument comes as (null, argument).</summary>
    private static IEnumerable<(string? Flag, string? Value)> Flags(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!argument.StartsWith('-') || argument == "-")
            {
                yield return (null, argument);
                continue;
            }

            if (argument.StartsWith("--", StringComparison.Ordinal))
            {
                yield return (argument, TakeValue.Contains(argument) ? Next(arguments, ref i, argument) : null);
                continue;
            }

            // Short flags may be grouped (-sI, -OJ); one that takes a value ends the group (-XPOST, or the next word).
            for (var j = 1; j < argument.Length; j++)
            {
                var flag = ShortNames.GetValueOrDefault(argument[j]) ?? throw new FormatException($"the curl flag -{argument[j]} is not one the docs test knows");
                if (TakeValue.Contains(flag))
                {
                    yield return (flag, j + 1 < argument.Length ? argument[(j + 1)..] : Next(arguments, ref i, flag));
                    break;
                }

                yield return (flag, null);
            }
        }
    }

    private static string Next(IReadOnlyList<string> arguments, ref int i, string flag) =>
        ++i < arguments.Count ? arguments[i] : throw new FormatException($"{flag} without its value");
}
