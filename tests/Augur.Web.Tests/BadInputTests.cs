using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Augur.Web.Tests;

public sealed class BadInputTests
{
    [Fact]
    public async Task An_empty_upload_is_refused_with_the_file_name()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var response = await client.UploadAsync(projectId, "empty.csv", []);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("empty.csv", (await response.ReadObjectAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_binary_upload_is_refused_with_the_file_name_and_nothing_is_stored()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        var response = await client.UploadAsync(projectId, "photo.csv", garbage);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("photo.csv", (await response.ReadObjectAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await (await client.GetAsync($"/api/v1/projects/{projectId}/datasets")).ReadArrayAsync());
    }

    [Fact]
    public async Task Training_on_a_column_that_does_not_exist_names_the_column_and_lists_the_real_ones()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var dataset = await client.UploadTelcoAsync(projectId);
        var response = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId = dataset["id"]!.GetValue<string>(), target = "Churned" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.ReadObjectAsync())["detail"]!.GetValue<string>();
        Assert.Contains("'Churned'", detail, StringComparison.Ordinal);
        Assert.Contains("Churn", detail.Replace("'Churned'", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_gets_a_400_problem_not_a_crash()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var response = await client.PostAsync("/api/v1/projects", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/projects")).StatusCode);
    }

    [Fact]
    public async Task Predicting_with_a_model_that_does_not_exist_is_a_404()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var response = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/models/nope/predict", new { rows = new[] { Api.CustomerRow() } });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
