namespace CitationMonitor.Domain.Extraction;

/// <summary>A cited URL in the canonical form used to fetch it and to recognise it as one source.</summary>
/// <param name="Url">The normalized absolute URL to fetch (always <c>http</c> or <c>https</c>).</param>
/// <param name="Key">
/// Identity of the source: <paramref name="Url"/> without its <c>scheme://</c>, e.g.
/// <c>www.oas.org/es/cidh/prensa/comunicados/2020/027.asp</c>, so that the <c>http://</c> and
/// <c>https://</c> spellings of one URL are one source.
/// </param>
/// <param name="Host">
/// Lower-case host without the port: a domain name in its ASCII (punycode) form, a dotted IPv4
/// address, or an IPv6 address in square brackets.
/// </param>
public sealed record NormalizedUrl(string Url, string Key, string Host);
