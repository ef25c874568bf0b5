using System.Security.Cryptography;
using Npgsql;

namespace Augur.Testing;

/// <summary>Gives each test its own empty PostgreSQL database on the server that ./test.sh starts.</summary>
public static class TestPostgres
{
    /// <summary>The superuser connection string, or an exception that says how to get one.</summary>
    public static string ServerConnectionString =>
        TestEnvironment.PostgresConnectionString
        ?? throw new InvalidOperationException(
            $"{TestEnvironment.PostgresVariable} is not set; run the tests through ./test.sh, which starts PostgreSQL.");

    public static async Task<TestDatabase> CreateDatabaseAsync(CancellationToken cancellationToken = default)
    {
        var server = ServerConnectionString;
        // Lower-case hex only, so the name needs no quoting and cannot inject SQL.
        var name = "augur_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(server, name, builder.ConnectionString);
    }
}
