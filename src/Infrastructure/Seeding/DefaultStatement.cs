using System.Text.Json;

namespace CitationMonitor.Infrastructure.Seeding;

/// <summary>The statement bundled with the project: its cited sources, loaded on an empty database.</summary>
public sealed record DefaultStatement(string Title, string? Description, string? SourceUrl, string Text)
{
    private const string Resource = "CitationMonitor.Infrastructure.Seeding.default-statement.json";

    public static DefaultStatement Load()
    {
        using var stream = typeof(DefaultStatement).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Embedded resource {Resource} is missing.");
        return JsonSerializer.Deserialize<DefaultStatement>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"Embedded resource {Resource} is empty.");
    }
}
