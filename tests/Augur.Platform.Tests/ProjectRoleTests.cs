using Augur.Platform.ApiKeys;
using Augur.Platform.Projects;
using Augur.Platform.Users;
using Augur.Testing;

namespace Augur.Platform.Tests;

/// <summary>ProjectService.RequireAsync: 404 for strangers, 403 below the role needed, and API key scopes cap roles.</summary>
public sealed class ProjectRoleTests
{
    [Fact]
    public async Task Members_get_their_role_strangers_get_not_found_and_keys_cap_the_role()
    {
        using var dir = new TempDirectory();
        await using var db = await TestDb.CreateMigratedAsync(dir.Path);
        var users = new UserService(db, TimeProvider.System);
        var ana = await users.CreateAsync("ana", "password-ana", false, CancellationToken.None);
        var bob = await users.CreateAsync("bob", "password-bob", false, CancellationToken.None);
        var eve = await users.CreateAsync("eve", "password-eve", false, CancellationToken.None);
        var projects = new ProjectService(db, TimeProvider.System);
        var anaCaller = new Caller(ana.Id, "ana", false);
        var bobCaller = new Caller(bob.Id, "bob", false);
        var project = await projects.CreateAsync(anaCaller, "Shared", null, CancellationToken.None);
        await projects.AddMemberAsync(anaCaller, project.Id, "bob", ProjectRole.Editor, CancellationToken.None);

        Assert.Equal(ProjectRole.Owner, (await projects.RequireAsync(anaCaller, project.Id, ProjectRole.Owner, CancellationToken.None)).Role);
        Assert.Equal(ProjectRole.Editor, (await projects.RequireAsync(bobCaller, project.Id, ProjectRole.Editor, CancellationToken.None)).Role);
        await Assert.ThrowsAsync<ForbiddenException>(() => projects.RequireAsync(bobCaller, project.Id, ProjectRole.Owner, CancellationToken.None));
        await Assert.ThrowsAsync<NotFoundException>(() => projects.RequireAsync(new Caller(eve.Id, "eve", false), project.Id, ProjectRole.Viewer, CancellationToken.None));

        var readKey = anaCaller with { KeyId = Guid.NewGuid(), KeyScope = ApiKeyScope.Read };
        Assert.Equal(ProjectRole.Viewer, (await projects.RequireAsync(readKey, project.Id, ProjectRole.Viewer, CancellationToken.None)).Role);
        await Assert.ThrowsAsync<ForbiddenException>(() => projects.RequireAsync(readKey, project.Id, ProjectRole.Editor, CancellationToken.None));
        var otherProjectKey = anaCaller with { KeyId = Guid.NewGuid(), KeyScope = ApiKeyScope.Admin, KeyProjectId = Guid.NewGuid() };
        await Assert.ThrowsAsync<NotFoundException>(() => projects.RequireAsync(otherProjectKey, project.Id, ProjectRole.Viewer, CancellationToken.None));
    }
}
