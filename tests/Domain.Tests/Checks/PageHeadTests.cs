using System.Text;
using CitationMonitor.Domain.Checks;

namespace CitationMonitor.Domain.Tests.Checks;

/// <summary>
/// The start of a page decoded once for every quick judgement of it: each judgement through a <see cref="PageHead"/>
/// answers as it does from the bytes, and the head covers only HTML bodies.
/// </summary>
public sealed class PageHeadTests
{
    private static readonly Uri Requested = new("https://www.gob.mx/sre/prensa/comunicado-12");

    private static readonly string[] Html =
    [
        "<html><head><title>Comunicado 12 | SRE</title></head><body><h1>Comunicado 12</h1><p>Texto.</p></body></html>",
        "<html><head><title>Página no encontrada | Gobierno</title></head><body><h1>Error</h1></body></html>",
        "<html><head><title>Iniciar sesión</title></head><body><form><input type=password name=p></form></body></html>",
        "<html><head><title>Just a moment...</title></head><body><script src=/cdn-cgi/challenge-platform/x.js></script></body></html>",
        "<html><head><meta http-equiv=\"refresh\" content=\"0; url=/sre/prensa/nuevo\"><title>Movido</title></head><body></body></html>",
        "<html><body><h2>404 Not Found</h2></body></html>",
    ];

    public static TheoryData<string> Pages => new(Html);

    [Theory]
    [MemberData(nameof(Pages))]
    public void EveryJudgement_ThroughTheHead_AnswersAsFromTheBytes(string html)
    {
        var body = Encoding.UTF8.GetBytes(html);
        using var head = PageHead.Of("text/html; charset=utf-8", body);
        var headers = new Dictionary<string, string>();

        // Asked in the order the fetcher asks, then again: the elements found once serve every later judgement.
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(MetaRefresh.FindTarget(Requested, "text/html; charset=utf-8", body), MetaRefresh.FindTarget(Requested, head));
            Assert.Equal(SoftErrorRules.DetectChallenge(headers, "text/html; charset=utf-8", body), SoftErrorRules.DetectChallenge(headers, head));
            Assert.Equal(SoftErrorRules.Judge(Requested, Requested, 0, "text/html; charset=utf-8", body), SoftErrorRules.Judge(Requested, Requested, 0, head));
        }
    }

    [Fact]
    public void TheVerdicts_AreTheOnesOfEachKindOfPage()
    {
        PageHead Head(string html) => PageHead.Of("text/html", Encoding.UTF8.GetBytes(html))!;
        var pages = Html;

        Assert.Equal(CheckStatus.Ok, SoftErrorRules.Judge(Requested, Requested, 0, Head(pages[0])).Status);
        Assert.Equal(CheckStatus.Soft404, SoftErrorRules.Judge(Requested, Requested, 0, Head(pages[1])).Status);
        Assert.Equal(CheckStatus.Blocked, SoftErrorRules.Judge(Requested, Requested, 0, Head(pages[2])).Status);
        Assert.Equal(CheckReasons.BotChallenge, SoftErrorRules.DetectChallenge(new Dictionary<string, string>(), Head(pages[3]))?.Reason);
        Assert.Equal(new Uri("https://www.gob.mx/sre/prensa/nuevo"), MetaRefresh.FindTarget(Requested, Head(pages[4])));
        Assert.Equal(CheckStatus.Soft404, SoftErrorRules.Judge(Requested, Requested, 0, Head(pages[5])).Status);
    }

    [Theory]
    [InlineData("application/pdf")]
    [InlineData("image/png")]
    [InlineData("application/json")]
    public void ABodyThatIsNotHtml_HasNoHead(string contentType) =>
        Assert.Null(PageHead.Of(contentType, Encoding.UTF8.GetBytes("<title>404 Not Found</title>")));

    [Fact]
    public void AnEmptyBody_HasNoHead_AndAMissingTypeCountsAsHtml()
    {
        Assert.Null(PageHead.Of("text/html", []));
        Assert.Null(PageHead.Of("text/html", null));
        Assert.NotNull(PageHead.Of(null, Encoding.UTF8.GetBytes("<p>x</p>")));
    }

    [Fact]
    public void OnlyTheStartOfALongPageIsRead_AsLatin1WhenTheCharsetSaysSo()
    {
        var start = "<title>P\u00e1gina</title>";
        var body = Encoding.Latin1.GetBytes(start + new string('x', PageHead.InspectedBytes) + "<input type=password>");
        using var head = PageHead.Of("text/html; charset=ISO-8859-1", body)!;

        Assert.Equal(PageHead.InspectedBytes, head.Text.Length);
        Assert.StartsWith(start, head.Text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("password", head.Text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ADisposedHead_IsNotReadAgain_ItsBufferIsBackInThePool()
    {
        var head = PageHead.Of("text/html", Encoding.UTF8.GetBytes("<title>Comunicado</title>"))!;
        Assert.Equal("<title>Comunicado</title>", head.Text.ToString());

        head.Dispose();
        head.Dispose();

        Assert.Throws<ObjectDisposedException>(() => head.Text.Length);
    }

    [Fact]
    public void ARefreshBeyondTheFirstSixteenThousandCharacters_IsNoRedirect()
    {
        var html = "<html><head>" + new string(' ', 16 * 1024) + "<meta http-equiv=refresh content=\"0; url=/otra\"></head></html>";

        Assert.Null(MetaRefresh.FindTarget(Requested, PageHead.Of("text/html", Encoding.UTF8.GetBytes(html))));
    }
}
