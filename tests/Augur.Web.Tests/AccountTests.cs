using System.Net;
using System.Net.Http.Json;

namespace Augur.Web.Tests;

/// <summary>Lockout after repeated failures, password changes and resets, and the self-registration switch.</summary>
public sealed class AccountTests
{
    [Fact]
    public async Task Five_failed_sign_ins_lock_the_account_until_the_admin_resets_the_password()
    {
        await using var factory = new AugurFactory();
        using var admin = await factory.SignInAsync();
        var created = await (await admin.PostAsJsonAsync("/api/v1/users", new { userName = "lou", password = "lou-password" })).ReadObjectAsync();
        using var client = factory.CreateClient(new() { HandleCookies = false });
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "lou", password = "guess-" + i })).StatusCode);
        }

        // Locked: even the right password is refused, with the same answer as a wrong one.
        var locked = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "lou", password = "lou-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Contains("user name or password", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var users = await (await admin.GetAsync("/api/v1/users")).ReadArrayAsync();
        Assert.NotNull(users.Single(u => u!["userName"]!.GetValue<string>() == "lou")!["lockedUntil"]);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/v1/users/{created["id"]}/password", new { newPassword = "lou-new-password" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "lou", password = "lou-password" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "lou", password = "lou-new-password" })).StatusCode);
    }

    [Fact]
    public async Task A_user_changes_their_own_password_only_with_the_current_one()
    {
        await using var factory = new AugurFactory();
        using var user = await factory.CreateUserAndSignInAsync("pat");
        Assert.Equal(HttpStatusCode.BadRequest, (await user.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "wrong", newPassword = "pat-new-password" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "pat-password", newPassword = "short" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await user.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "pat-password", newPassword = "pat-new-password" })).StatusCode);
        using var again = await factory.SignInAsync("pat", "pat-new-password");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Self_registration_works_only_while_the_admin_has_switched_it_on()
    {
        await using var factory = new AugurFactory();
        using var anonymous = factory.CreateClient(new() { HandleCookies = false });
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { userName = "newbie", password = "newbie-password" })).StatusCode);

        using var admin = await factory.SignInAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/settings", new { selfRegistration = true })).StatusCode);
        var registered = await anonymous.PostAsJsonAsync("/api/v1/auth/register", new { userName = "newbie", password = "newbie-password" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.False((await registered.ReadObjectAsync())["isAdmin"]!.GetValue<bool>());
        using var newbie = await factory.SignInAsync("newbie", "newbie-password");
        Assert.Empty(await (await newbie.GetAsync("/api/v1/projects")).ReadArrayAsync());
    }
}
