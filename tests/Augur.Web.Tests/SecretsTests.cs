using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Augur.Web.Tests;

/// <summary>Passwords and keys never reach a log line, an error message or an export, even with debug logging on.</summary>
public sealed class SecretsTests
{
    [Fact]
    public async Task Passwords_and_keys_never_appear_in_logs_errors_or_exports()
    {
        await using var factory = new AugurFactory();
        factory.Settings["Logging:LogLevel:Default"] = "Debug";
        factory.Settings["Logging:LogLevel:Microsoft"] = "Debug";
        using var admin = await factory.SignInAsync();
        const string password = "kestrel-Pass-4821";
        const string newPassword = "osprey-Pass-9377";
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/users", new { userName = "mia", password })).StatusCode);

        using var mia = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var wrong = await mia.PostAsJsonAsync("/api/v1/auth/login", new { userName = "mia", password = password + "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var wrongBody = await wrong.Content.ReadAsStringAsync();
        (await mia.PostAsJsonAsync("/api/v1/auth/login", new { userName = "mia", password })).EnsureSuccessStatusCode();
        var change = await mia.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = password, newPassword });
        Assert.True(change.IsSuccessStatusCode, await change.Content.ReadAsStringAsync());

        var key = await (await admin.PostAsJsonAsync("/api/v1/keys", new { name = "script", scope = "write" })).ReadObjectAsync();
        var secret = key["secret"]!.GetValue<string>();
        using var viaKey = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        viaKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        var projectId = await viaKey.CreateProjectAsync();
        using var badKey = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        badKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret[..^2] + "zz");
        var refused = await badKey.GetAsync("/api/v1/projects");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        var audit = await (await admin.GetAsync("/api/v1/audit")).Content.ReadAsStringAsync();
        var projectAudit = await (await viaKey.GetAsync($"/api/v1/projects/{projectId}/audit/export")).Content.ReadAsStringAsync();
        Assert.Contains("password", audit, StringComparison.OrdinalIgnoreCase);
        var everything = string.Join('\n', factory.Logs.Text, wrongBody, await refused.Content.ReadAsStringAsync(), audit, projectAudit);
        Assert.Contains("mia", everything, StringComparison.Ordinal);
        foreach (var leaked in new[] { password, newPassword, secret, secret[..^2] + "zz", AugurFactory.AdminPassword })
        {
            Assert.DoesNotContain(leaked, everything, StringComparison.Ordinal);
        }
    }
}
