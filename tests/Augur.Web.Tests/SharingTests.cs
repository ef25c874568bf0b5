using System.Net;
using System.Net.Http.Json;

namespace Augur.Web.Tests;

/// <summary>Sharing a project: each role may do what it should, no more, and removing a member takes access away.</summary>
public sealed class SharingTests
{
    [Fact]
    public async Task A_viewer_reads_but_cannot_upload_and_an_editor_uploads()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("olga");
        using var viewer = await factory.CreateUserAndSignInAsync("victor");
        using var editor = await factory.CreateUserAndSignInAsync("edith");
        var projectId = await owner.CreateProjectAsync("Shared");
        await owner.UploadTelcoAsync(projectId);

        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/api/v1/projects/{projectId}/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/members", new { userName = "victor", role = "viewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/members", new { userName = "edith", role = "editor" })).StatusCode);

        Assert.Single(await (await viewer.GetAsync($"/api/v1/projects/{projectId}/datasets")).ReadArrayAsync());
        Assert.Single(await (await viewer.GetAsync("/api/v1/projects")).ReadArrayAsync());
        var refused = await viewer.UploadAsync(projectId, "x.csv", "a,b\n1,2\n"u8.ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("editor", (await refused.ReadObjectAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync($"/api/v1/projects/{projectId}/members")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await editor.UploadAsync(projectId, "x.csv", "a,b\n1,2\n3,4\n"u8.ToArray())).StatusCode);

        var members = await (await owner.GetAsync($"/api/v1/projects/{projectId}/members")).ReadArrayAsync();
        Assert.Equal(["olga", "edith", "victor"], members.Select(m => m!["userName"]!.GetValue<string>()));
        Assert.Equal(["owner", "editor", "viewer"], members.Select(m => m!["role"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Changing_and_removing_a_member_changes_what_they_can_do()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("olga");
        using var colleague = await factory.CreateUserAndSignInAsync("carl");
        var projectId = await owner.CreateProjectAsync("Shared");
        var added = await (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/members", new { userName = "carl", role = "viewer" })).ReadObjectAsync();
        var carlId = added["userId"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync($"/api/v1/projects/{projectId}/members/{carlId}", new { role = "owner" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync($"/api/v1/projects/{projectId}/members")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/projects/{projectId}/members/{carlId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colleague.GetAsync($"/api/v1/projects/{projectId}")).StatusCode);
        Assert.Empty(await (await colleague.GetAsync("/api/v1/projects")).ReadArrayAsync());
    }

    [Fact]
    public async Task The_creator_cannot_be_removed_and_unknown_users_are_named()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("olga");
        var projectId = await owner.CreateProjectAsync("Mine");
        var me = (await (await owner.GetAsync("/api/v1/auth/me")).ReadObjectAsync())["id"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.DeleteAsync($"/api/v1/projects/{projectId}/members/{me}")).StatusCode);
        var unknown = await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/members", new { userName = "nobody", role = "viewer" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("nobody", (await unknown.ReadObjectAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
