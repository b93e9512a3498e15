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
/// snake_case map to properties, times are <see cref="DbTime"/> text in SQLite and <c>timestamptz</c> in PostgreSQL,
/// yes/no values are the integers 0 and 1 in both, the vocabulary enums are their wire names, and lists kept whole in
/// one column (a word diff, a redirect chain) are JSON.
/// Rows therefore carry <see cref="DateTimeOffset"/> and enum values, and nothing outside the stores converts storage
/// strings.
/// </summary>
/// <remarks>
/// A list goes into SQL as one parameter through <see cref="ISqlDialect.InList"/>, never as Dapper's <c>IN @list</c>
/// (which Npgsql takes as one array and leaves the SQL unexpanded). The two times the snapshots' hash chain seals
/// (<c>captured_at</c>, <c>archive_datetime</c>) are text on both engines: pass them as <see cref="DbTime.ToDb(DateTimeOffset)"/>.
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

        // Yes/no columns are 0/1 integers on both engines (the partial index of due citations is written so); Npgsql
        // would send a bool as boolean, which PostgreSQL does not compare with an integer.
        SqlMapper.RemoveTypeMap(typeof(bool));
        SqlMapper.RemoveTypeMap(typeof(bool?));
        SqlMapper.AddTypeHandler(new IntegerBoolHandler());

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
            if (parameter is Npgsql.NpgsqlParameter)
            {
                // timestamptz, which keeps microseconds and takes a UTC offset only.
                parameter.DbType = DbType.DateTimeOffset;
                parameter.Value = DbTime.ToMicroseconds(value.ToUniversalTime());
                return;
            }

            parameter.DbType = DbType.String;
            parameter.Value = DbTime.ToDb(value);
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            string text => DbTime.FromDb(text),
            DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
            DateTimeOffset time => time.ToUniversalTime(),
            _ => throw new InvalidCastException($"A time cannot be read from a {value.GetType().Name}."),
        };
    }

    private sealed class IntegerBoolHandler : SqlMapper.TypeHandler<bool>
    {
        public override void SetValue(IDbDataParameter parameter, bool value)
        {
            parameter.DbType = DbType.Int16;
            parameter.Value = value ? (short)1 : (short)0;
        }

        public override bool Parse(object value) => Convert.ToBoolean(value, System.Globalization.CultureInfo.InvariantCulture);
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
