using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Augur.Testing;
using ExcelDataReader;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Augur.Web.Tests.Scoring;

/// <summary>Batch scoring through the REST API on SQLite, with a real model trained on telco-400.</summary>
public sealed class ScoringApiTests(ScoringFixture fixture) : IClassFixture<ScoringFixture>
{
    private HttpClient Client => fixture.Client;

    private string ProjectId => fixture.ProjectId;

    [Fact]
    public async Task A_csv_result_keeps_the_key_columns_neutralises_formulas_and_keeps_negative_numbers()
    {
        var job = await Client.StartAndWaitAsync(ProjectId, ScoringScenario.CustomersCsv(), format: "csv", keep: "MonthlyCharges");
        Assert.True(job["status"]!.GetValue<string>() == "succeeded", job.Json());
        Assert.Equal(39, job["rowsScored"]!.GetValue<long>());
        Assert.Equal(2, job["rowsRejected"]!.GetValue<long>());
        Assert.Equal(1, job["version"]!.GetValue<int>());
        Assert.Equal(40, job["rowsDone"]!.GetValue<long>());

        var result = await Client.GetAsync(job["resultUrl"]!.GetValue<string>());
        Assert.Equal("text/csv", result.Content.Headers.ContentType?.MediaType);
        Assert.Equal("customers-scored.csv", result.Content.Headers.ContentDisposition?.FileNameStar ?? result.Content.Headers.ContentDisposition?.FileName);
        var lines = (await result.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customerID,MonthlyCharges,prediction,probability_No,probability_Yes", lines[0]);
        Assert.StartsWith("\"'=HYPERLINK(\"\"http://evil\"\")\",29.85,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("5575-GNVDE,-12.5,", lines[2], StringComparison.Ordinal);
        Assert.Equal(40, lines.Length);
    }

    [Fact]
    public async Task Rows_that_cannot_be_scored_or_read_go_to_the_rejects_with_row_field_and_reason()
    {
        var job = await Client.StartAndWaitAsync(ProjectId, ScoringScenario.CustomersCsv());
        var rejects = (await Client.GetStringAsync(job["rejectsUrl"]!.GetValue<string>())).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("row,line,field,reason", rejects[0]);
        Assert.Equal(3, rejects.Length);
        // The unreadable line gives its line in the file and no field; the row that does not fit the model gives its
        // data row and the field. (Unreadable lines are written as they are met, unscorable rows when their batch is.)
        Assert.Contains(rejects[1..], r => System.Text.RegularExpressions.Regex.IsMatch(r, "^,11,,.*fields"));
        Assert.Contains(rejects[1..], r => System.Text.RegularExpressions.Regex.IsMatch(r, "^3,,tenure,.*abc"));
    }

    [Fact]
    public async Task An_xlsx_result_has_number_cells_for_numbers_and_guarded_text_cells()
    {
        var job = await Client.StartAndWaitAsync(ProjectId, ScoringScenario.CustomersCsv(), format: "xlsx", keep: "MonthlyCharges");
        Assert.True(job["status"]!.GetValue<string>() == "succeeded", job.Json());
        await using var content = await Client.GetStreamAsync(job["resultUrl"]!.GetValue<string>());
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer);
        buffer.Position = 0;

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        using var reader = ExcelReaderFactory.CreateReader(buffer);
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)]);
        }

        Assert.Equal(["customerID", "MonthlyCharges", "prediction", "probability_No", "probability_Yes"], rows[0]);
        Assert.Equal("'=HYPERLINK(\"http://evil\")", rows[1][0]);
        Assert.Equal(-12.5, rows[2][1]);
        Assert.IsType<double>(rows[2][4]);
        Assert.Equal(40, rows.Count);
    }

    [Fact]
    public async Task A_jsonl_result_has_one_object_per_scored_row_with_probabilities()
    {
        var job = await Client.StartAndWaitAsync(ProjectId, ScoringScenario.CustomersCsv(), format: "jsonl");
        var lines = (await Client.GetStringAsync(job["resultUrl"]!.GetValue<string>())).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(39, lines.Length);
        var first = JsonNode.Parse(lines[0])!.AsObject();
        Assert.Equal("=HYPERLINK(\"http://evil\")", first["customerID"]!.GetValue<string>());
        // Churn was read as a yes/no column: the prediction and its probabilities use the file's words for it.
        Assert.Contains(first["prediction"]!.GetValue<string>(), new[] { "Yes", "No" });
        var p = first["probabilities"]!;
        Assert.Equal(1.0, p["Yes"]!.GetValue<double>() + p["No"]!.GetValue<double>(), 6);
    }

    [Fact]
    public async Task A_cancelled_job_never_runs_has_no_result_and_is_audited()
    {
        // Hold the scheduler so that the job is still queued when it is cancelled; then let it fire.
        var scheduler = await fixture.Factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();
        JsonObject job;
        try
        {
            job = await (await Client.StartAsync(ProjectId, ScoringScenario.CustomersCsv())).ReadObjectAsync();
            var cancel = await Client.PostAsync($"/api/v1/projects/{ProjectId}/scoring/{job["id"]}/cancel", null);
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }
        finally
        {
            await scheduler.Start();
        }

        var again = await Client.PostAsync($"/api/v1/projects/{ProjectId}/scoring/{job["id"]}/cancel", null);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var finished = await Client.WaitForScoringAsync(ProjectId, job["id"]!.GetValue<string>(), TimeSpan.FromSeconds(30));
        Assert.Equal("cancelled", finished["status"]!.GetValue<string>());
        Assert.Equal("Cancelled by admin.", finished["reason"]!.GetValue<string>());
        var result = await Client.GetAsync($"/api/v1/projects/{ProjectId}/scoring/{job["id"]}/result");
        Assert.Equal(HttpStatusCode.BadRequest, result.StatusCode);

        var audit = await Client.GetStringAsync($"/api/v1/projects/{ProjectId}/audit?action=scoring.");
        Assert.Contains("scoring.start", audit, StringComparison.Ordinal);
        Assert.Contains("scoring.cancel", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_requests_name_the_field_and_another_tenant_sees_nothing()
    {
        var unknownModel = await Client.StartAsync(ProjectId, ScoringScenario.CustomersCsv(), model: "no-such-model");
        Assert.Equal(HttpStatusCode.BadRequest, unknownModel.StatusCode);
        Assert.Contains("\"model\"", await unknownModel.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknownVersion = await Client.StartAsync(ProjectId, ScoringScenario.CustomersCsv(), version: "v9");
        Assert.Contains("\"version\"", await unknownVersion.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var badFormat = await Client.StartAsync(ProjectId, ScoringScenario.CustomersCsv(), format: "pdf");
        Assert.Contains("\"format\"", await badFormat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var program = await Client.StartAsync(ProjectId, [0x4D, 0x5A, 0x90, 0x00], fileName: "customers.csv");
        Assert.Equal(HttpStatusCode.BadRequest, program.StatusCode);

        var job = await Client.StartAndWaitAsync(ProjectId, ScoringScenario.CustomersCsv());
        using var stranger = await fixture.Factory.CreateUserAndSignInAsync($"stranger{Guid.NewGuid():N}"[..20]);
        foreach (var path in new[] { "", "/result", "/rejects" })
        {
            var response = await stranger.GetAsync($"/api/v1/projects/{ProjectId}/scoring/{job["id"]}{path}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var list = await (await Client.GetAsync($"/api/v1/projects/{ProjectId}/scoring?limit=2")).ReadObjectAsync();
        Assert.Equal(2, list["items"]!.AsArray().Count);
        Assert.True(list["total"]!.GetValue<int>() >= 2);
    }
}
