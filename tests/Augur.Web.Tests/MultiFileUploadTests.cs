using System.Globalization;
using System.Net;
using Augur.Platform.Datasets;
using Augur.Testing;

namespace Augur.Web.Tests;

/// <summary>Several files in one upload are read together, like a zipped folder.</summary>
public sealed class MultiFileUploadTests
{
    [Fact]
    public async Task Files_with_the_same_columns_uploaded_together_become_one_dataset_with_a_source_file_column()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        var projectId = await owner.CreateProjectAsync();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("customer,spend\nC1,10\nC2,12\n"u8.ToArray()), "file", "orders-jan.csv" },
            { new ByteArrayContent("customer,spend\nC3,7\n"u8.ToArray()), "file", "orders-feb.csv" },
        };

        var upload = await owner.PostAsync($"/api/v1/projects/{projectId}/datasets", form);

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var dataset = await upload.ReadObjectAsync();
        Assert.Equal(3, dataset["rows"]!.GetValue<long>());
        Assert.Equal("orders", dataset["name"]!.GetValue<string>()); // what the files have in common: next month's upload gets the same name
        Assert.Equal(
            ["customer", "spend", "_source_file"],
            dataset["columns"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var rows = await (await owner.GetAsync($"/api/v1/projects/{projectId}/datasets/{dataset["id"]!.GetValue<string>()}/rows")).ReadArrayAsync();
        Assert.Equal(
            ["orders-feb.csv", "orders-jan.csv", "orders-jan.csv"],
            rows.Select(r => r!["_source_file"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        using var stranger = await factory.CreateUserAndSignInAsync("stranger");
        using var again = new MultipartFormDataContent
        {
            { new ByteArrayContent("a,b\n1,2\n"u8.ToArray()), "file", "x.csv" },
            { new ByteArrayContent("a,b\n3,4\n"u8.ToArray()), "file", "y.csv" },
        };
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/projects/{projectId}/datasets", again)).StatusCode);
    }

    [Fact]
    public async Task An_empty_file_among_several_is_refused_by_name()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        var projectId = await owner.CreateProjectAsync();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("a,b\n1,2\n"u8.ToArray()), "file", "good.csv" },
            { new ByteArrayContent([]), "file", "empty.csv" },
        };

        var upload = await owner.PostAsync($"/api/v1/projects/{projectId}/datasets", form);

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Contains("empty.csv", await upload.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public Task Files_with_different_columns_become_one_dataset_per_table_on_sqlite() =>
        SeveralTablesScenario.RunAsync(new AugurFactory());

    [PostgresFact]
    public async Task Files_with_different_columns_become_one_dataset_per_table_on_postgresql()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await SeveralTablesScenario.RunAsync(new AugurFactory(database.ConnectionString));
    }

    [Fact]
    public async Task Several_tables_that_do_not_all_fit_the_storage_quota_store_none_of_them()
    {
        // Each table's dataset keeps its own copy of the upload (the files zipped together): one copy fits, two do not.
        await using var bundle = await UploadBundle.ZipAsync(
            Path.Combine(Path.GetTempPath(), $"augur-test-upload-{Guid.NewGuid():N}.zip"),
            [.. SeveralTablesScenario.Files.Select(f => (f.Name, (Func<Stream>)(() => new MemoryStream(f.Content))))], CancellationToken.None);
        await using var factory = new AugurFactory();
        factory.Settings["Augur:StorageQuotaPerUserBytes"] = (bundle.Length * 3 / 2).ToString(CultureInfo.InvariantCulture);
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        var projectId = await owner.CreateProjectAsync();

        var upload = await owner.PostAsync($"/api/v1/projects/{projectId}/datasets", SeveralTablesScenario.OrdersAndCatalogue());

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Contains("storage quota", (await upload.ReadObjectAsync())["errors"]!["file"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(await (await owner.GetAsync($"/api/v1/projects/{projectId}/datasets")).ReadArrayAsync());
    }

    [Fact]
    public async Task A_type_for_a_column_of_either_table_is_applied_and_a_column_of_neither_is_refused_by_name()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        var projectId = await owner.CreateProjectAsync();
        var form = SeveralTablesScenario.OrdersAndCatalogue();
        form.Add(new StringContent("price=text"), "types");

        var upload = await (await owner.PostAsync($"/api/v1/projects/{projectId}/datasets", form)).ReadObjectAsync();

        var catalogue = upload["datasets"]!.AsArray().Single(d => d!["name"]!.GetValue<string>().EndsWith("catalogue", StringComparison.Ordinal))!;
        Assert.Equal("text", catalogue["columns"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "price")!["type"]!.GetValue<string>());

        var wrong = SeveralTablesScenario.OrdersAndCatalogue();
        wrong.Add(new StringContent("colour=text"), "types");
        var refused = await owner.PostAsync($"/api/v1/projects/{projectId}/datasets", wrong);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("colour", (await refused.ReadObjectAsync())["errors"]!["types"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, (await (await owner.GetAsync($"/api/v1/projects/{projectId}/datasets")).ReadArrayAsync()).Count);
    }
}
