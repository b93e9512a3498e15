using System.Data;
using System.Text.Json;
using CitationMonitor.Domain.Changes;
using CitationMonitor.Domain.Checks;
using CitationMonitor.Domain.Documents;
using CitationMonitor.Domain.Citations;
using CitationMonitor.Domain.Quotes;
using CitationMonitor.Domain.Text;
using CitationMonitor.Domain.Vocabulary;
using CitationMonitor.Infrastructure.Fetching;
using Dapper;

namespace CitationMonitor.Infrastructure.Persistence;

/// <summary>
/// How rows and parameters are spelled in the database, registered once for the whole process: column names in
/// snake_case map to properties, times are <see cref="DbTime"/> text, the vocabulary enums are their wire names, and
/// lists kept whole in one column (a word diff, a redirect chain) are JSON.
/// Rows therefore carry <see cref="DateTimeOffset"/> and enum values, and nothing outside the stores converts storage
/// strings.
/// </summary>
/// <remarks>
/// Dapper expands a list parameter (<c>IN @ids</c>) without these handlers: a list of enums would be sent as integers and
/// a list of times in the provider's own format. Lists of ids and strings are safe; for a list of vocabulary values or
/// times, pass their stored spelling (<see cref="WireName.Of{TEnum}"/>, <see cref="DbTime.ToDb(DateTimeOffset)"/>).
/// </remarks>
internal static class DapperConventions
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;

        // Dapper sends DateTimeOffset natively unless its type map entry is removed, which the provider would write
        // in its own format: the handler keeps every time in the one sortable form.
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new DbTimeHandler());

        // Without this, enum parameters are sent as integers whatever handler is registered.
        SqlMapper.Settings.PreferTypeHandlersForEnums = true;
        SqlMapper.AddTypeHandler(new WireNameHandler<CheckStatus>());
        SqlMapper.AddTypeHandler(new WireNameHandler<CitationHealth>());
        SqlMapper.AddTypeHandler(new WireNameHandler<QuoteStatus>());
        SqlMapper.AddTypeHandler(new WireNameHandler<ChangeKind>());
        SqlMapper.AddTypeHandler(new WireNameHandler<DocumentKind>());

        SqlMapper.AddTypeHandler(new JsonListHandler<DiffSegment>());
        SqlMapper.AddTypeHandler(new JsonListHandler<RedirectHop>());
        SqlMapper.AddTypeHandler(new JsonListHandler<SkippedText>());
        return true;
    });

    /// <summary>Registers the conventions; safe to call any number of times, from any thread.</summary>
    public static void Register() => _ = Registered.Value;

    private sealed class DbTimeHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = DbTime.ToDb(value);
        }

        public override DateTimeOffset Parse(object value) => DbTime.FromDb((string)value);
    }

    private sealed class WireNameHandler<TEnum> : SqlMapper.TypeHandler<TEnum> where TEnum : struct, Enum
    {
        public override void SetValue(IDbDataParameter parameter, TEnum value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = WireName.Of(value);
        }

        public override TEnum Parse(object value) => WireName.Parse<TEnum>((string)value);
    }

    private sealed class JsonListHandler<T> : SqlMapper.TypeHandler<IReadOnlyList<T>>
    {
        public override void SetValue(IDbDataParameter parameter, IReadOnlyList<T>? value)
        {
            parameter.DbType = DbType.String;
            parameter.Value = JsonSerializer.Serialize(value ?? [], Json);
        }

        public override IReadOnlyList<T> Parse(object value) => JsonSerializer.Deserialize<List<T>>((string)value, Json) ?? [];
    }

    /// <summary>The spelling of JSON columns: camelCase, as the API serves the same values.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
