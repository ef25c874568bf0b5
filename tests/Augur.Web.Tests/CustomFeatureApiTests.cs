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
        // The run's answer says which features it was asked for, in the request's shape.
        var answered = await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{run["id"]!.GetValue<string>()}")).ReadObjectAsync();
        Assert.Equal("TotalCharges / tenure", answered["features"]!["charge_per_month"]!.GetValue<string>());
        Assert.Equal("Contract != 'Month-to-month'", answered["features"]!["long_contract"]!.GetValue<string>());

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

    [Fact]
    public void The_train_forms_formula_box_reads_one_name_and_formula_per_line()
    {
        var (features, error) = Components.Projects.FormulaLines.Parse("per_month = TotalCharges / tenure\r\n\n long = Contract != 'Month-to-month' ");

        Assert.Null(error);
        Assert.Equal(["per_month", "long"], features!.Keys);
        Assert.Equal("Contract != 'Month-to-month'", features["long"]);
        Assert.Empty(Components.Projects.FormulaLines.Parse("  ").Features!);
        Assert.StartsWith("Line 2 should look like: name = formula", Components.Projects.FormulaLines.Parse("a = b\nTotalCharges / tenure").Error, StringComparison.Ordinal);
        Assert.Contains("'a' is used twice", Components.Projects.FormulaLines.Parse("a = b\na = c").Error, StringComparison.Ordinal);
    }
}
