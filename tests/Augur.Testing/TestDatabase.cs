using Npgsql;

namespace Augur.Testing;

/// <summary>A throwaway PostgreSQL database; disposing it drops the database.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string serverConnectionString;
    private bool disposed;

    internal TestDatabase(string serverConnectionString, string name, string connectionString)
    {
        this.serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        // Pooled connections from the test would otherwise keep the database open; FORCE ends them server side,
        // and clearing this database's pool stops Npgsql from handing out those dead connections later.
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
