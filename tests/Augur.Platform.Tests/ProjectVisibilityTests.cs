using Augur.Platform.Projects;
using Augur.Testing;

namespace Augur.Platform.Tests;

public sealed class ProjectVisibilityTests
{
    [Fact]
    public async Task A_user_sees_only_their_own_projects_and_the_admin_sees_all()
    {
        using var dir = new TempDirectory();
        await using var db = await TestDb.CreateMigratedAsync(dir.Path);
        var users = new Users.UserService(db, TimeProvider.System);
        var ana = await users.CreateAsync("ana", "password-ana", false, CancellationToken.None);
        var bob = await users.CreateAsync("bob", "password-bob", false, CancellationToken.None);
        var root = await users.CreateAsync("root", "password-root", true, CancellationToken.None);
        var projects = new ProjectService(db, TimeProvider.System);
        var anaCaller = new Caller(ana.Id, "ana", false);
        var anas = await projects.CreateAsync(anaCaller, "Ana's", null, CancellationToken.None);

        Assert.Null(await projects.FindAsync(new Caller(bob.Id, "bob", false), anas.Id, CancellationToken.None));
        Assert.NotNull(await projects.FindAsync(anaCaller, anas.Id, CancellationToken.None));
        Assert.NotNull(await projects.FindAsync(new Caller(root.Id, "root", true), anas.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_project_needs_a_name()
    {
        using var dir = new TempDirectory();
        await using var db = await TestDb.CreateMigratedAsync(dir.Path);
        var projects = new ProjectService(db, TimeProvider.System);
        var error = await Assert.ThrowsAsync<PlatformValidationException>(() => projects.CreateAsync(new Caller(Guid.NewGuid(), "x", false), "  ", null, CancellationToken.None));
        Assert.Equal("name", error.Field);
    }
}
