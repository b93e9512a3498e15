using Microsoft.Data.Sqlite;

namespace CitationMonitor.Sweep;

/// <summary>
/// One prepared INSERT reused for every row of a table: the statement is compiled once and only the values change, which is
/// what makes millions of rows a matter of seconds. Transactions are the caller's (plain <c>BEGIN</c> and <c>COMMIT</c>).
/// </summary>
internal sealed class ReadsInserter : IDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    public ReadsInserter(SqliteConnection connection, string table, params string[] columns)
    {
        _command = connection.CreateCommand();
        _command.CommandText =
            $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        _parameters = [.. columns.Select((_, i) => _command.Parameters.Add(new SqliteParameter("$p" + i, null)))];
        _command.Prepare();
    }

    /// <summary>Rows written so far.</summary>
    public long Rows { get; private set; }

    public void Row(params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }

        _command.ExecuteNonQuery();
        Rows++;
    }

    public void Dispose() => _command.Dispose();
}
