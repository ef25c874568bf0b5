using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Hosting;

namespace Augur.Web.Tests;

/// <summary>Rate limits, security headers, production errors, upload content checks and encoded output.</summary>
public sealed class HardeningTests
{
    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_get_429_with_retry_after()
    {
        await using var factory = new AugurFactory();
        factory.Settings["Security:SignInPerMinute"] = "3";
        using var client = factory.CreateClient(new() { HandleCookies = false });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "nobody", password = "wrong-password" })).StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password = AugurFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Predictions_have_their_own_limit_below_the_api_limit()
    {
        await using var factory = new AugurFactory();
        factory.Settings["Security:PredictPerMinute"] = "2";
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var url = $"/api/v1/projects/{projectId}/models/none/predict";
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync(url, new { rows = new[] { new { a = 1 } } })).StatusCode);
        }

        var refused = await client.PostAsJsonAsync(url, new { rows = new[] { new { a = 1 } } });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/projects")).StatusCode);
    }

    [Fact]
    public async Task The_api_limit_applies_per_user()
    {
        await using var factory = new AugurFactory();
        factory.Settings["Security:ApiPerMinute"] = "4";
        using var client = await factory.SignInAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.GetAsync("/api/v1/projects")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task Pages_and_api_answers_carry_the_security_headers()
    {
        await using var factory = new AugurFactory();
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        foreach (var url in new[] { "/login", "/api/v1/projects" })
        {
            var response = await client.GetAsync(url);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.False(response.Headers.Contains("Strict-Transport-Security"), "HSTS without a certificate");
        }
    }

    [Fact]
    public async Task A_server_error_in_production_is_problem_details_without_a_stack_trace()
    {
        await using var factory = new AugurFactory();
        await using var production = factory.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        using var client = production.CreateClient(new() { AllowAutoRedirect = false });
        var signIn = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password = AugurFactory.AdminPassword });
        signIn.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var projectId = await client.CreateProjectAsync();
        var dataset = await (await client.UploadAsync(projectId, "small.csv", "a,b\n1,2\n3,4\n"u8.ToArray())).ReadObjectAsync();
        await AppDatabase.ExecuteAsync(factory, "UPDATE \"Datasets\" SET \"SchemaJson\" = '{broken' ");

        var response = await client.GetAsync($"/api/v1/projects/{projectId}/datasets/{dataset["id"]}");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.DataDirectory, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_whose_content_is_not_what_its_name_declares_is_refused()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var zip = new byte[] { 0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8 };
        var response = await client.UploadAsync(projectId, "customers.csv", zip);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.ReadObjectAsync())["detail"]!.GetValue<string>();
        Assert.Contains("customers.csv", detail, StringComparison.Ordinal);
        Assert.Contains("ZIP", detail, StringComparison.Ordinal);

        var program = Encoding.ASCII.GetBytes("MZ\u0090\u0000 this is not data");
        Assert.Equal(HttpStatusCode.BadRequest, (await client.UploadAsync(projectId, "tool.dat", program)).StatusCode);
        Assert.Empty(await (await client.GetAsync($"/api/v1/projects/{projectId}/datasets")).ReadArrayAsync());
    }

    [Fact]
    public async Task Script_tags_in_uploaded_headers_and_cells_are_encoded_in_the_dashboard()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var csv = "<script>alert('head')</script>,plain\n<script>alert('cell')</script>,1\n<img src=x onerror=alert(2)>,2\n";
        Assert.Equal(HttpStatusCode.Created, (await client.UploadAsync(projectId, "xss.csv", Encoding.UTF8.GetBytes(csv))).StatusCode);

        var html = await client.GetStringAsync($"/projects/{projectId}");
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;head&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;cell&#x27;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploads_beyond_the_owners_storage_quota_are_refused_and_leave_nothing_behind()
    {
        await using var factory = new AugurFactory();
        factory.Settings["Augur:StorageQuotaPerUserBytes"] = "100";
        using var olga = await factory.CreateUserAndSignInAsync("olga");
        var projectId = await olga.CreateProjectAsync();
        var file = "a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n13,14\n"u8.ToArray(); // 40 bytes: two fit in 100, three do not
        Assert.Equal(HttpStatusCode.Created, (await olga.UploadAsync(projectId, "first.csv", file)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await olga.UploadAsync(projectId, "second.csv", file)).StatusCode);

        var third = await olga.UploadAsync(projectId, "third.csv", file);
        Assert.Equal(HttpStatusCode.BadRequest, third.StatusCode);
        Assert.Contains("storage quota", (await third.ReadObjectAsync())["errors"]!["file"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, (await (await olga.GetAsync($"/api/v1/projects/{projectId}/datasets")).ReadArrayAsync()).Count);

        // The quota is per owner: a colleague with their own project still has room.
        using var carl = await factory.CreateUserAndSignInAsync("carl");
        var carlsProject = await carl.CreateProjectAsync();
        Assert.Equal(HttpStatusCode.Created, (await carl.UploadAsync(carlsProject, "first.csv", file)).StatusCode);
    }
}
