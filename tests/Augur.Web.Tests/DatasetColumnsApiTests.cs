using System.Net;
using System.Net.Http.Json;

namespace Augur.Web.Tests;

/// <summary>The dataset's profile, rejects and column types over the API, for the owner only.</summary>
public sealed class DatasetColumnsApiTests
{
    private static readonly byte[] Shops = "zip,sales,region\n01234,5,North\n02345,6,north\n01234,7,South\nTotal,18,\n"u8.ToArray();

    [Fact]
    public async Task Types_given_with_the_upload_are_used_and_unknown_columns_or_types_are_refused()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        var projectId = await owner.CreateProjectAsync();

        var upload = await UploadWithTypesAsync(owner, projectId, "zip=categorical", "sales=number");
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var columns = (await upload.ReadObjectAsync())["columns"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["type"]!.GetValue<string>());
        Assert.Equal("categorical", columns["zip"]);
        Assert.Equal("number", columns["sales"]);

        var unknownColumn = await UploadWithTypesAsync(owner, projectId, "postcode=categorical");
        Assert.Equal(HttpStatusCode.BadRequest, unknownColumn.StatusCode);
        Assert.Contains("no column 'postcode'", (await unknownColumn.ReadObjectAsync())["errors"]!["types"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var unknownType = await UploadWithTypesAsync(owner, projectId, "zip=postcode");
        Assert.Equal(HttpStatusCode.BadRequest, unknownType.StatusCode);
        // Refused uploads leave nothing behind: only the first one is a dataset.
        Assert.Single(await (await owner.GetAsync($"/api/v1/projects/{projectId}/datasets")).ReadArrayAsync());
    }

    private static async Task<HttpResponseMessage> UploadWithTypesAsync(HttpClient client, string projectId, params string[] types)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Shops), "file", "shops.csv" } };
        foreach (var type in types)
        {
            form.Add(new StringContent(type), "types");
        }

        return await client.PostAsync($"/api/v1/projects/{projectId}/datasets", form);
    }

    [Fact]
    public async Task The_owner_reads_the_profile_and_the_rejects_and_sets_a_column_type_that_re_ingests_the_raw_file()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        var projectId = await owner.CreateProjectAsync();
        var upload = await owner.UploadAsync(projectId, "shops.csv", Shops);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var datasetId = (await upload.ReadObjectAsync())["id"]!.GetValue<string>();
        var url = $"/api/v1/projects/{projectId}/datasets/{datasetId}";

        var profile = await (await owner.GetAsync($"{url}/profile")).ReadObjectAsync();
        Assert.Equal(3, profile["rows"]!.GetValue<long>());
        Assert.Equal("sales", profile["columns"]![1]!["name"]!.GetValue<string>());
        var reject = Assert.Single(await (await owner.GetAsync($"{url}/rejects")).ReadArrayAsync());
        Assert.Equal(5, reject!["line"]!.GetValue<long>());
        Assert.Contains("summary row", reject["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        var set = await owner.PutAsJsonAsync($"{url}/columns/zip", new { type = "categorical" });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var columns = (await set.ReadObjectAsync())["columns"]!.AsArray();
        Assert.Equal("categorical", columns[0]!["type"]!.GetValue<string>());
        var rows = await (await owner.GetAsync($"{url}/rows")).ReadArrayAsync();
        Assert.Equal("01234", rows[0]!["zip"]!.GetValue<string>());

        var unknown = await owner.PutAsJsonAsync($"{url}/columns/zip", new { type = "postcode" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var missing = await owner.PutAsJsonAsync($"{url}/columns/nope", new { type = "text" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task Repeated_rows_are_kept_until_a_person_says_a_column_is_an_id_and_the_counts_say_which()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        using var intruder = await factory.CreateUserAndSignInAsync("intruder");
        var projectId = await owner.CreateProjectAsync();
        // 15 visits, 5 of them repeated exactly: too few rows for "code" to be taken for an ID on its own.
        var text = new System.Text.StringBuilder("code,plan,spend\n");
        for (var i = 0; i < 20; i++)
        {
            var v = i < 15 ? i : i - 15;
            text.Append($"V{v:00},{(v % 2 == 0 ? "pro" : "free")},{v * 3}\n");
        }

        var upload = await owner.UploadAsync(projectId, "visits.csv", System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var dataset = await upload.ReadObjectAsync();
        Assert.Equal((20L, 0L, 5L), Counts(dataset));
        var url = $"/api/v1/projects/{projectId}/datasets/{dataset["id"]!.GetValue<string>()}";
        Assert.Equal(20, (await (await owner.GetAsync($"{url}/rows?take=100")).ReadArrayAsync()).Count);

        var identified = await owner.PutAsJsonAsync($"{url}/columns/code", new { type = "identifier" });
        Assert.Equal((15L, 5L, 0L), Counts(await identified.ReadObjectAsync()));
        var categorical = await owner.PutAsJsonAsync($"{url}/columns/code", new { type = "categorical" });
        Assert.Equal((20L, 0L, 5L), Counts(await categorical.ReadObjectAsync()));

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PutAsJsonAsync($"{url}/columns/code", new { type = "identifier" })).StatusCode);
    }

    private static (long Rows, long Removed, long Kept) Counts(System.Text.Json.Nodes.JsonObject dataset) =>
        (dataset["rows"]!.GetValue<long>(), dataset["duplicateRows"]!.GetValue<long>(), dataset["duplicateRowsKept"]!.GetValue<long>());

    [Fact]
    public async Task Another_user_gets_404_for_the_profile_the_rejects_and_a_column_type_change()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        using var intruder = await factory.CreateUserAndSignInAsync("intruder");
        var projectId = await owner.CreateProjectAsync();
        var datasetId = (await (await owner.UploadAsync(projectId, "shops.csv", Shops)).ReadObjectAsync())["id"]!.GetValue<string>();
        var url = $"/api/v1/projects/{projectId}/datasets/{datasetId}";
        var before = (await (await owner.GetAsync(url)).ReadObjectAsync())["columns"]![0]!["type"]!.GetValue<string>();

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"{url}/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.GetAsync($"{url}/rejects")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.PutAsJsonAsync($"{url}/columns/zip", new { type = "text" })).StatusCode);
        var after = (await (await owner.GetAsync(url)).ReadObjectAsync())["columns"]![0]!["type"]!.GetValue<string>();
        Assert.Equal(before, after);
    }
}
