using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;

namespace Augur.Web.Tests;

/// <summary>Personal API keys: shown once, stored hashed, scoped, limited to a project, expiring and revocable.</summary>
public sealed class ApiKeyTests
{
    [Fact]
    public async Task A_key_works_as_a_bearer_token_or_header_and_is_stored_only_as_a_hash()
    {
        await using var factory = new AugurFactory();
        using var user = await factory.CreateUserAndSignInAsync("kim");
        var projectId = await user.CreateProjectAsync("Keys");
        var created = await (await user.PostAsJsonAsync("/api/v1/keys", new { name = "laptop", scope = "write" })).ReadObjectAsync();
        var secret = created["secret"]!.GetValue<string>();
        Assert.StartsWith("augur_", secret, StringComparison.Ordinal);

        using var bearer = Anonymous(factory);
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Single(await (await bearer.GetAsync("/api/v1/projects")).ReadArrayAsync());
        Assert.Equal(HttpStatusCode.Created, (await bearer.UploadAsync(projectId, "x.csv", "a,b\n1,2\n3,4\n"u8.ToArray())).StatusCode);

        using var header = Anonymous(factory);
        header.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Equal(HttpStatusCode.OK, (await header.GetAsync($"/api/v1/projects/{projectId}")).StatusCode);

        var listed = await (await user.GetAsync("/api/v1/keys")).ReadArrayAsync();
        var key = Assert.Single(listed)!.AsObject();
        Assert.False(key.ContainsKey("secret"));
        Assert.NotNull(key["lastUsedAt"]);
        Assert.DoesNotContain(secret, listed.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await DatabaseTextAsync(factory), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_key_cannot_write_and_a_project_key_sees_only_its_project()
    {
        await using var factory = new AugurFactory();
        using var user = await factory.CreateUserAndSignInAsync("kim");
        var first = await user.CreateProjectAsync("First");
        var second = await user.CreateProjectAsync("Second");
        var read = await CreateKeyAsync(user, new { name = "reader", scope = "read" });
        var scoped = await CreateKeyAsync(user, new { name = "one project", scope = "admin", projectId = first });

        using var reader = WithKey(factory, read);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/projects/{first}/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.UploadAsync(first, "x.csv", "a,b\n1,2\n"u8.ToArray())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/v1/projects", new { name = "no" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/v1/keys", new { name = "escalate", scope = "admin" })).StatusCode);

        using var projectKey = WithKey(factory, scoped);
        Assert.Equal(HttpStatusCode.OK, (await projectKey.GetAsync($"/api/v1/projects/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await projectKey.GetAsync($"/api/v1/projects/{second}")).StatusCode);
        Assert.Single(await (await projectKey.GetAsync("/api/v1/projects")).ReadArrayAsync());
    }

    [Fact]
    public async Task Revoked_expired_and_made_up_keys_get_401()
    {
        await using var factory = new AugurFactory();
        using var user = await factory.CreateUserAndSignInAsync("kim");
        var created = await (await user.PostAsJsonAsync("/api/v1/keys", new { name = "short-lived", scope = "read" })).ReadObjectAsync();
        var secret = created["secret"]!.GetValue<string>();
        using var client = WithKey(factory, secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/projects")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"/api/v1/keys/{created["key"]!["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/projects")).StatusCode);

        var expiring = await CreateKeyAsync(user, new { name = "soon", scope = "read", expiresAt = DateTime.UtcNow.AddSeconds(2) });
        using var expired = WithKey(factory, expiring);
        Assert.Equal(HttpStatusCode.OK, (await expired.GetAsync("/api/v1/projects")).StatusCode);
        // Expire it in the database rather than waiting for the clock.
        await AppDatabase.ExecuteAsync(factory, "UPDATE \"ApiKeys\" SET \"ExpiresAt\" = '2000-01-01 00:00:00' WHERE \"Name\" = 'soon'");
        Assert.Equal(HttpStatusCode.Unauthorized, (await expired.GetAsync("/api/v1/projects")).StatusCode);

        using var madeUp = WithKey(factory, "augur_" + new string('x', 43));
        var response = await madeUp.GetAsync("/api/v1/projects");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Another_users_key_cannot_be_revoked()
    {
        await using var factory = new AugurFactory();
        using var kim = await factory.CreateUserAndSignInAsync("kim");
        using var lee = await factory.CreateUserAndSignInAsync("lee");
        var created = await (await kim.PostAsJsonAsync("/api/v1/keys", new { name = "mine", scope = "read" })).ReadObjectAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await lee.DeleteAsync($"/api/v1/keys/{created["key"]!["id"]}")).StatusCode);
        Assert.Empty(await (await lee.GetAsync("/api/v1/keys")).ReadArrayAsync());
    }

    private static HttpClient Anonymous(AugurFactory factory) => factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

    private static HttpClient WithKey(AugurFactory factory, string secret)
    {
        var client = Anonymous(factory);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    private static async Task<string> CreateKeyAsync(HttpClient client, object request)
    {
        var response = await client.PostAsJsonAsync("/api/v1/keys", request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync())["secret"]!.GetValue<string>();
    }

    private static async Task<string> DatabaseTextAsync(AugurFactory factory)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataDirectory, "augur.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Name\" || \"Prefix\" || \"Hash\" FROM \"ApiKeys\"";
        var text = "";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            text += reader.GetString(0);
        }

        return text;
    }
}
