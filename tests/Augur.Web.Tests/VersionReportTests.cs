using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;

namespace Augur.Web.Tests;

/// <summary>A bundle carries what its run learned, so a version uploaded into another project shows it too.</summary>
public sealed class VersionReportTests
{
    [Fact]
    public async Task An_uploaded_bundle_brings_its_report_and_one_without_a_report_gets_a_404_that_says_why()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync("Imported models");

        var version = await ChurnBundle.ImportAsync(client, projectId);
        var answer = await client.GetAsync($"/api/v1/projects/{projectId}/models/churn/versions/{version}/report");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var report = await answer.ReadObjectAsync();
        Assert.NotEmpty(report["featureImportance"]!.AsArray());
        Assert.Equal(10, report["liftTable"]!.AsArray().Count);
        Assert.Equal("customerID", Assert.Single(report["identifierColumns"]!.AsArray())!.GetValue<string>());
        // How the served model was made comes with it, as for a version trained here.
        var described = await (await client.GetAsync($"/api/v1/projects/{projectId}/models/churn/versions/{version}")).ReadObjectAsync();
        Assert.Equal(report["servedModels"]!.GetValue<string>(), described["servedModels"]!.GetValue<string>());

        // A bundle from before bundles carried reports still imports and scores; its report is a 404 with the reason.
        using var form = new MultipartFormDataContent { { new ByteArrayContent(WithoutReport(await ChurnBundle.GetAsync())), "file", "old.augur" } };
        var imported = await client.PostAsync($"/api/v1/projects/{projectId}/models/old/versions", form);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var missing = await client.GetAsync($"/api/v1/projects/{projectId}/models/old/versions/1/report");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("has no report", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var predict = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/models/old/predict", new { rows = new[] { Api.CustomerRow() } });
        Assert.Equal(HttpStatusCode.OK, predict.StatusCode);

        // A report.json that is not a whole report counts as none: the import and the page still work.
        using var odd = new MultipartFormDataContent { { new ByteArrayContent(WithReport(await ChurnBundle.GetAsync(), "{}")), "file", "odd.augur" } };
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/v1/projects/{projectId}/models/odd/versions", odd)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/projects/{projectId}/models/odd/versions/1/report")).StatusCode);
    }

    private static byte[] WithReport(byte[] bundle, string report)
    {
        using var file = new MemoryStream();
        file.Write(WithoutReport(bundle));
        using (var zip = new ZipArchive(file, ZipArchiveMode.Update, leaveOpen: true))
        using (var writer = new StreamWriter(zip.CreateEntry("report.json").Open()))
        {
            writer.Write(report);
        }

        return file.ToArray();
    }

    private static byte[] WithoutReport(byte[] bundle)
    {
        using var file = new MemoryStream();
        file.Write(bundle);
        using (var zip = new ZipArchive(file, ZipArchiveMode.Update, leaveOpen: true))
        {
            Assert.NotNull(zip.GetEntry("report.json"));
            zip.GetEntry("report.json")!.Delete();
        }

        return file.ToArray();
    }
}
