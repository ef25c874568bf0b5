using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;

namespace Augur.Web.Tests;

public sealed class CustomFeatureApiTests
{
    [Fact]
    public async Task A_run_with_custom_features_stores_them_in_the_bundle_which_computes_them_for_raw_rows()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var dataset = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();
        var features = new Dictionary<string, string>
        {
            ["charge_per_month"] = "TotalCharges / tenure",
            ["long_contract"] = "Contract != 'Month-to-month'",
        };
        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId = dataset, target = "Churn", budgetSeconds = 4, features });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var run = await client.WaitForRunAsync(projectId, (await start.ReadObjectAsync())["id"]!.GetValue<string>(), TimeSpan.FromSeconds(120));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());

        var bytes = await client.GetByteArrayAsync($"/api/v1/projects/{projectId}/models/churn/versions/latest/bundle");
        using (var zip = new ZipArchive(new MemoryStream(bytes)))
        using (var reader = new StreamReader(zip.GetEntry("features.json")!.Open()))
        {
            var plan = await reader.ReadToEndAsync();
            Assert.Contains("\"expression\": \"TotalCharges / tenure\"", plan, StringComparison.Ordinal);
            Assert.Contains("\"expression\": \"Contract != 'Month-to-month'\"", plan, StringComparison.Ordinal);
        }

        // The customer row has only the table's columns: serving computes the features itself.
        var predicted = await ServingScenario.PostAsync(client, $"/api/v1/projects/{projectId}/models/churn/predict", new { rows = new[] { Api.CustomerRow() } });
        Assert.Single(predicted["predictions"]!.AsArray());
    }

    [Theory]
    [InlineData("TotalCharges / months", "'per_month' uses the column 'months'")]
    [InlineData("TotalCharges / (tenure", "'per_month' has a syntax error")]
    [InlineData("Churn == 'Yes'", "'per_month' uses the target 'Churn'")]
    public async Task A_bad_custom_feature_is_a_400_naming_the_feature_and_the_problem(string expression, string message)
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var dataset = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();
        var features = new Dictionary<string, string> { ["per_month"] = expression };
        var response = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId = dataset, target = "Churn", features });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.ReadObjectAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty((await (await client.GetAsync($"/api/v1/projects/{projectId}/runs")).ReadObjectAsync())["items"]!.AsArray());
    }
}
