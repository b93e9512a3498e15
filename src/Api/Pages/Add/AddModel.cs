using CitationMonitor.Api.Http;

namespace CitationMonitor.Api.Pages.Add;

/// <summary>The add page's three forms.</summary>
public enum AddForm
{
    /// <summary>A document uploaded as a file (<c>POST /add/document</c>).</summary>
    Document,

    /// <summary>A document's text, pasted (<c>POST /add/text</c>).</summary>
    Text,

    /// <summary>One URL to watch (<c>POST /add/url</c>).</summary>
    Url,
}

/// <summary>
/// Why a form was not taken, as the JSON API said it: the problem's detail and, per field (<c>file</c>, <c>title</c>,
/// <c>sourceUrl</c>, <c>publishedAt</c>, <c>text</c>, <c>url</c>, <c>quote</c>), what is wrong with it.
/// </summary>
public sealed record AddProblem(AddForm Form, string? Detail, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>
/// The add page: its forms, the largest file and text they take, and after a refused post, the problem and the values
/// the person had entered (a file cannot be given back: it is chosen again).
/// </summary>
public sealed record AddModel(long MaxUploadBytes, long MaxTextBytes, AddProblem? Problem, IReadOnlyDictionary<string, string> Values)
{
    internal static AddModel For(InputLimitsOptions limits, AddProblem? problem = null, IReadOnlyDictionary<string, string>? values = null) =>
        new(limits.MaxUploadBytes, limits.MaxDocumentBytes, problem, values ?? new Dictionary<string, string>());

    /// <summary>What the person had entered in <paramref name="field"/> of <paramref name="form"/>, when that form was refused.</summary>
    public string? Value(AddForm form, string field) =>
        Problem?.Form == form && Values.TryGetValue(field, out var value) ? value : null;

    /// <summary>What the API found wrong with <paramref name="field"/> of <paramref name="form"/>.</summary>
    public IReadOnlyList<string> ErrorsOf(AddForm form, string field) =>
        Problem is { } problem && problem.Form == form && problem.Errors.TryGetValue(field, out var errors) ? errors : [];
}
