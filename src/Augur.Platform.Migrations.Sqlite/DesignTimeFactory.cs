using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Augur.Platform.Migrations.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the context for SQLite without starting Augur.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AugurDbContext>
{
    public AugurDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AugurDbContext>()
            .UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(DatabaseSetup.SqliteMigrationsAssembly))
            .Options);
}
