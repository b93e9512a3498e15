using System.Net.Http.Headers;
using CitationMonitor.Api.Tests.Support;
using CitationMonitor.TestSupport.Hosts;
using HtmlAgilityPack;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CitationMonitor.Api.Tests.Pages;

/// <summary>
/// A browser's part in the pages' forms, over plain HTTP: the cookies it was given (kept by hand, so that a test can
/// carry them to another host or leave them out), the page it last read, and the client address it plays.
/// Redirects are not followed: tests read where a post sends the browser.
/// </summary>
internal sealed class PageSession(HttpClient client, string? clientAddress = null)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    /// <summary>A client to <paramref name="factory"/> that follows no redirect and keeps no cookie of its own.</summary>
    public static HttpClient ClientFor(MonitorApiFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    /// <summary>Every Set-Cookie header of the last answer, as sent.</summary>
    public IReadOnlyList<string> LastSetCookies { get; private set; } = [];

    /// <summary>The same browser on another host (its cookies go along).</summary>
    public PageSession On(HttpClient other)
    {
        var moved = new PageSession(other, clientAddress);
        foreach (var (name, value) in _cookies)
        {
            moved._cookies[name] = value;
        }

        return moved;
    }

    /// <summary>Reads a page; fails unless it answers <paramref name="status"/>.</summary>
    public async Task<HtmlDocument> GetPageAsync(string path, System.Net.HttpStatusCode status = System.Net.HttpStatusCode.OK)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));
        Assert.Equal(status, response.StatusCode);
        return await PageOf(response);
    }

    /// <summary>The anti-forgery token of the page's first form.</summary>
    public static string TokenOf(HtmlDocument page) =>
        Html.One(page.DocumentNode, "//form//input[@type='hidden' and @name='__token']").GetAttributeValue("value", "");

    /// <summary>Reads <paramref name="path"/> and returns its forms' token.</summary>
    public async Task<string> TokenFromAsync(string path) => TokenOf(await GetPageAsync(path));

    /// <summary>Posts an ordinary form (<c>application/x-www-form-urlencoded</c>).</summary>
    public Task<HttpResponseMessage> PostFormAsync(string path, params (string Name, string Value)[] fields) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        });

    /// <summary>Posts a <c>multipart/form-data</c> form, with a file when one is given.</summary>
    public Task<HttpResponseMessage> PostMultipartAsync(string path, (string Name, byte[] Bytes, string ContentType)? file, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        if (file is { } chosen)
        {
            var part = new ByteArrayContent(chosen.Bytes);
            part.Headers.ContentType = MediaTypeHeaderValue.Parse(chosen.ContentType);
            form.Add(part, "file", chosen.Name);
        }

        return SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = form });
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        if (clientAddress is not null)
        {
            request.Headers.Add(MonitorApiFactory.ClientAddressHeader, clientAddress);
        }

        var response = await client.SendAsync(request);
        LastSetCookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? [.. set] : [];
        foreach (var cookie in LastSetCookies)
        {
            var pair = cookie.Split(';')[0];
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (pair[..at].Trim(), pair[(at + 1)..].Trim());
            if (value.Length == 0 || cookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }

        return response;
    }

    public static async Task<HtmlDocument> PageOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = new HtmlDocument();
        page.LoadHtml(await response.Content.ReadAsStringAsync());
        return page;
    }

    /// <summary>Where a post sent the browser: a 303 and its Location.</summary>
    public static string SeeOther(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.SeeOther, $"expected 303 See Other, got {(int)response.StatusCode}");
        return response.Headers.Location!.OriginalString;
    }
}
