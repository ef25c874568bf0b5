using System.Net;

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
    public async Task Files_with_different_columns_are_refused_naming_each_table_instead_of_keeping_only_one()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        var projectId = await owner.CreateProjectAsync();
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("customer,spend\nC1,10\nC2,12\n"u8.ToArray()), "file", "orders.csv" },
            { new ByteArrayContent("sku,name,price\nA1,Mug,4.5\nA2,Cap,9\n"u8.ToArray()), "file", "catalogue.csv" },
        };

        var upload = await owner.PostAsync($"/api/v1/projects/{projectId}/datasets", form);

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        var detail = (await upload.ReadObjectAsync())["detail"]!.GetValue<string>();
        Assert.Contains("2 tables", detail, StringComparison.Ordinal);
        Assert.Contains("orders.csv", detail, StringComparison.Ordinal);
        Assert.Contains("catalogue.csv", detail, StringComparison.Ordinal);
        Assert.Empty(await (await owner.GetAsync($"/api/v1/projects/{projectId}/datasets")).ReadArrayAsync());
    }
}
