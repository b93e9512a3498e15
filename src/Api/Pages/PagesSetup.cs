using System.Globalization;
using CitationMonitor.Infrastructure.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.FileProviders;

namespace CitationMonitor.Api.Pages;

/// <summary>
/// What the pages for people need beside the API: server-rendered Razor components, English and Spanish, anti-forgery
/// tokens on every form, a session cookie for the pages' own form posts, and Data Protection keys in the database so that
/// several API hosts accept each other's forms and cookies.
/// </summary>
internal static class PagesSetup
{
    /// <summary>The scheme of the pages' session cookie: it authenticates only the pages' form posts, never the JSON API.</summary>
    public const string CookieScheme = "Pages";

    public const string SessionCookie = "monitor-session";
    public const string AntiforgeryCookie = "monitor-antiforgery";
    public const string AntiforgeryField = "__token";

    /// <summary>The languages the pages speak, the first the default.</summary>
    public static readonly IReadOnlyList<string> Cultures = ["en", "es"];

    /// <summary>The pages' own policy: their stylesheet, script and images from this host only, no inline script, forms posted here only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IServiceCollection AddMonitorPages(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddLocalization();
        services.AddSingleton<DataProtectionKeyStore>();
        services.AddSingleton<DatabaseKeyRepository>();
        services.AddDataProtection().SetApplicationName("CitationMonitor");
        services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseKeyRepository>((options, repository) => options.XmlRepository = repository);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = AntiforgeryCookie;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.FormFieldName = AntiforgeryField;
            // The security headers already forbid framing, on every answer.
            options.SuppressXFrameOptionsHeader = true;
        });
        services.AddAuthentication().AddCookie(CookieScheme, options =>
        {
            options.Cookie.Name = SessionCookie;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
            options.LoginPath = "/key";
        });
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Cultures.Select(c => new CultureInfo(c)).ToList();
            options.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            // The switch's cookie first, then the browser's Accept-Language; never the query string.
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>
    /// The pages' language (for every request outside <c>/api</c>, whose answers never depend on it) and their
    /// stylesheet and script, served from the assembly at <c>/assets</c>.
    /// </summary>
    public static IApplicationBuilder UseMonitorPages(this WebApplication app)
    {
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal),
            branch => branch.UseRequestLocalization());
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ManifestEmbeddedFileProvider(typeof(PagesSetup).Assembly, "Pages/Assets"),
            RequestPath = "/assets",
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        return app;
    }
}
