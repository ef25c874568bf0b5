using System.Net;

namespace Augur.Web.Tests;

public sealed class HostTests
{
    [Fact]
    public async Task Health_reports_the_database_and_the_scheduler()
    {
        await using var factory = new AugurFactory();
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.ReadObjectAsync();
        Assert.Equal("Healthy", health["status"]!.GetValue<string>());
        Assert.Equal("Healthy", health["checks"]!["database"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", health["checks"]!["scheduler"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_openapi_document_and_its_browsable_reference_are_served()
    {
        await using var factory = new AugurFactory();
        using var client = factory.CreateClient();
        var document = await (await client.GetAsync("/openapi/v1.json")).ReadObjectAsync();
        var paths = document["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/v1/projects/{projectId}/models/{model}/predict"));
        Assert.True(paths.ContainsKey("/api/v1/projects/{projectId}/datasets"));
        // A run is started with a JSON request or with a YAML spec, on the same route.
        var startRun = paths["/api/v1/projects/{projectId}/runs"]!["post"]!["requestBody"]!["content"]!.AsObject();
        Assert.True(startRun.ContainsKey("application/json"), startRun.ToJsonString());
        Assert.True(startRun.ContainsKey("application/yaml"), startRun.ToJsonString());
        var reference = await client.GetAsync("/openapi");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("<html", await reference.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_dashboard_sends_a_visitor_who_is_not_signed_in_to_the_sign_in_page()
    {
        await using var factory = new AugurFactory();
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var login = await client.GetAsync("/login");
        Assert.Contains("Sign in", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
