using System.Globalization;
using Augur.Testing;
using Npgsql;

namespace Augur.Platform.Tests;

// Proves that ./test.sh started PostgreSQL and that every test can get its own database, dropped afterwards.
public class PostgresSmokeTests
{
    [PostgresFact]
    public async Task A_fresh_database_answers_a_query_and_is_dropped_on_dispose()
    {
        string name;
        await using (var database = await TestPostgres.CreateDatabaseAsync(CancellationToken.None))
        {
            name = database.Name;
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            Assert.Equal(name, connection.Database);

            await using var command = new NpgsqlCommand("select 1", connection);
            Assert.Equal(1, Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        }

        await using var server = new NpgsqlConnection(TestPostgres.ServerConnectionString);
        await server.OpenAsync();
        await using var exists = new NpgsqlCommand("select count(*) from pg_database where datname = @name", server);
        exists.Parameters.AddWithValue("name", name);
        Assert.Equal(0L, await exists.ExecuteScalarAsync());
    }
}
