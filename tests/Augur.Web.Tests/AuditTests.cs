using System.Net;
using System.Net.Http.Json;

namespace Augur.Web.Tests;

/// <summary>The audit log records who did what from where with which key, chains its entries and shows any edit.</summary>
public sealed class AuditTests
{
    [Fact]
    public async Task Changes_are_recorded_with_user_key_and_address_and_the_chain_verifies()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("olga");
        await factory.CreateUserAndSignInAsync("carl");
        var projectId = await owner.CreateProjectAsync("Audited");
        await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/members", new { userName = "carl", role = "viewer" });
        var key = await (await owner.PostAsJsonAsync("/api/v1/keys", new { name = "script", scope = "write", projectId })).ReadObjectAsync();
        using var viaKey = factory.CreateClient(new() { HandleCookies = false });
        viaKey.DefaultRequestHeaders.Add("X-Api-Key", key["secret"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await viaKey.UploadAsync(projectId, "small.csv", "a,b\n1,2\n3,4\n"u8.ToArray())).StatusCode);

        var entries = await (await owner.GetAsync($"/api/v1/projects/{projectId}/audit")).ReadArrayAsync();
        Assert.Equal(["dataset.upload", "key.create", "member.add", "project.create"], entries.Select(e => e!["action"]!.GetValue<string>()));
        var upload = entries[0]!;
        Assert.Equal("olga", upload["userName"]!.GetValue<string>());
        Assert.Equal(key["key"]!["id"]!.GetValue<string>(), upload["keyId"]!.GetValue<string>());
        Assert.Equal(TestClientAddress.Address.ToString(), upload["ip"]!.GetValue<string>());
        Assert.Null(entries[2]!["keyId"]);
        Assert.DoesNotContain(key["secret"]!.GetValue<string>(), entries.ToJsonString(), StringComparison.Ordinal);

        var filtered = await (await owner.GetAsync($"/api/v1/projects/{projectId}/audit?action=member.")).ReadArrayAsync();
        Assert.Equal("member.add", Assert.Single(filtered)!["action"]!.GetValue<string>());

        using var admin = await factory.SignInAsync();
        var verification = await (await admin.GetAsync("/api/v1/audit/verify")).ReadObjectAsync();
        Assert.True(verification["intact"]!.GetValue<bool>(), verification.Json());
    }

    [Theory]
    [InlineData(true, "198.51.100.9")]
    [InlineData(false, "203.0.113.7")]
    public async Task The_client_address_comes_from_x_forwarded_for_only_behind_a_trusted_proxy(bool trusted, string recorded)
    {
        await using var factory = new AugurFactory();
        if (trusted)
        {
            factory.Settings["Security:TrustedProxies:0"] = TestClientAddress.Address.ToString();
        }

        using var owner = await factory.SignInAsync();
        owner.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.9");
        var projectId = await owner.CreateProjectAsync("Behind a proxy");

        var entries = await (await owner.GetAsync($"/api/v1/projects/{projectId}/audit")).ReadArrayAsync();
        Assert.Equal(recorded, Assert.Single(entries)!["ip"]!.GetValue<string>());
    }

    [Fact]
    public async Task Editing_an_entry_in_the_database_breaks_the_chain_at_that_entry()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("olga");
        await owner.CreateProjectAsync("One");
        await owner.CreateProjectAsync("Two");
        using var admin = await factory.SignInAsync();
        var all = await (await admin.GetAsync("/api/v1/audit?action=project.")).ReadArrayAsync();
        var second = all[1]!["sequence"]!.GetValue<long>();

        await AppDatabase.ExecuteAsync(factory, $"UPDATE \"AuditEntries\" SET \"Detail\" = 'Renamed' WHERE \"Sequence\" = {second}");

        var verification = await (await admin.GetAsync("/api/v1/audit/verify")).ReadObjectAsync();
        Assert.False(verification["intact"]!.GetValue<bool>());
        Assert.Equal(second, verification["firstBadSequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task The_export_is_csv_with_formulas_neutralised()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("olga");
        var projectId = await owner.CreateProjectAsync("=HYPERLINK(\"http://evil\",\"x\")");
        var response = await owner.GetAsync($"/api/v1/projects/{projectId}/audit/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("sequence,at,user,key,ip,action", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_owners_read_a_projects_audit_and_only_the_admin_reads_all()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("olga");
        using var viewer = await factory.CreateUserAndSignInAsync("vera");
        var projectId = await owner.CreateProjectAsync("Private");
        await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/members", new { userName = "vera", role = "viewer" });
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/api/v1/projects/{projectId}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync("/api/v1/audit")).StatusCode);
    }
}
