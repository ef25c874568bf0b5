using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Augur.Platform.Migrations.PostgreSql;

/// <summary>Lets `dotnet ef migrations add` build the context for PostgreSQL without a server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AugurDbContext>
{
    public AugurDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AugurDbContext>()
            .UseNpgsql("Host=localhost;Database=augur_design", o => o.MigrationsAssembly(DatabaseSetup.PostgreSqlMigrationsAssembly))
            .Options);
}
