using Augur.Platform.Configuration;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Database;

/// <summary>Picks the provider and its migrations assembly; one migration set per provider lives in its own project.</summary>
public static class DatabaseSetup
{
    public const string SqliteMigrationsAssembly = "Augur.Platform.Migrations.Sqlite";
    public const string PostgreSqlMigrationsAssembly = "Augur.Platform.Migrations.PostgreSql";

    public static string ConnectionString(DatabaseOptions database, AugurPaths paths) =>
        database.Provider switch
        {
            DatabaseProvider.PostgreSql => database.ConnectionString
                ?? throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is PostgreSql."),
            // A busy timeout lets the web host, the scheduler and jobs share one SQLite file without "database is locked".
            _ => database.ConnectionString ?? $"Data Source={paths.SqliteDatabase};Default Timeout=30;Pooling=True",
        };

    public static void Configure(DbContextOptionsBuilder options, DatabaseOptions database, AugurPaths paths)
    {
        var connectionString = ConnectionString(database, paths);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            options.UseNpgsql(connectionString, o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly));
        }
        else
        {
            options.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
        }
    }
}
