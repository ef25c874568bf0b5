using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Augur.Platform.Projects;
using Augur.Platform.Users;
using Augur.Testing;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Tests;

/// <summary>Both migration sets apply to a real database and match the model, so neither provider can drift.</summary>
public sealed class DatabaseTests
{
    [Fact]
    public async Task Sqlite_migrations_apply_and_match_the_model()
    {
        using var dir = new TempDirectory();
        await using var db = TestDb.Create(dir.Path);
        await AssertMigratesAndStoresAsync(db);
    }

    [PostgresFact]
    public async Task PostgreSql_migrations_apply_and_match_the_model()
    {
        using var dir = new TempDirectory();
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var db = TestDb.Create(dir.Path, new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = database.ConnectionString });
        await AssertMigratesAndStoresAsync(db);
    }

    private static async Task AssertMigratesAndStoresAsync(AugurDbContext db)
    {
        await db.Database.MigrateAsync();
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run scripts/add-migration.sh NAME.");

        var users = new UserService(db, TimeProvider.System);
        var user = await users.CreateAsync("ana", "a-long-password", isAdmin: false, CancellationToken.None);
        var projects = new ProjectService(db, TimeProvider.System);
        var caller = new Caller(user.Id, user.UserName, IsAdmin: false);
        var project = await projects.CreateAsync(caller, "Churn", null, CancellationToken.None);
        db.ChangeTracker.Clear();
        Assert.Equal(project.Id, Assert.Single(await projects.ListAsync(caller, CancellationToken.None)).Id);
        Assert.NotNull(await users.VerifyAsync("ana", "a-long-password", CancellationToken.None));
        Assert.Null(await users.VerifyAsync("ana", "wrong-password", CancellationToken.None));
        Assert.DoesNotContain("a-long-password", (await db.Users.SingleAsync()).PasswordHash, StringComparison.Ordinal);
    }
}
