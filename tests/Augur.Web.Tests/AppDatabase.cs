using Microsoft.Data.Sqlite;

namespace Augur.Web.Tests;

/// <summary>Direct SQL on the app's SQLite file, for what no API may do: expire a key, tamper with the audit log.</summary>
public static class AppDatabase
{
    public static async Task ExecuteAsync(AugurFactory factory, string sql)
    {
        ArgumentNullException.ThrowIfNull(factory);
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "augur.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(await command.ExecuteNonQueryAsync() > 0, sql);
    }
}
