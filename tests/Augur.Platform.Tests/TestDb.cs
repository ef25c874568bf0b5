using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Tests;

/// <summary>A context on a brand-new database (SQLite in a folder, or the given PostgreSQL database).</summary>
public static class TestDb
{
    public static AugurDbContext Create(string dataDirectory, DatabaseOptions? database = null)
    {
        var paths = new AugurPaths(Options.Create(new AugurOptions { DataDirectory = dataDirectory }));
        Directory.CreateDirectory(paths.Root);
        var builder = new DbContextOptionsBuilder<AugurDbContext>();
        DatabaseSetup.Configure(builder, database ?? new DatabaseOptions(), paths);
        return new AugurDbContext(builder.Options);
    }

    public static async Task<AugurDbContext> CreateMigratedAsync(string dataDirectory)
    {
        var db = Create(dataDirectory);
        await db.Database.MigrateAsync();
        return db;
    }
}
