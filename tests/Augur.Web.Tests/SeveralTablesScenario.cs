using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Augur.Web.Tests;

/// <summary>
/// An upload whose files form two tables becomes two datasets, answered together, audited one by one, each readable
/// and re-typable on its own, and invisible to another tenant. Shared by the SQLite and PostgreSQL tests.
/// </summary>
internal static class SeveralTablesScenario
{
    public static readonly (string Name, byte[] Content)[] Files =
    [
        ("orders.csv", "customer,spend\nC1,10\nC2,12\n"u8.ToArray()),
        ("catalogue.csv", "sku,name,price\nA1,Mug,4.5\nA2,Cap,9\nA3,Pen,1\n"u8.ToArray()),
    ];

    public static MultipartFormDataContent OrdersAndCatalogue()
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content) in Files)
        {
            form.Add(new ByteArrayContent(content), "file", name);
        }

        return form;
    }

    public static async Task RunAsync(AugurFactory factory)
    {
        await using var _ = factory;
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        var projectId = await owner.CreateProjectAsync();

        var upload = await owner.PostAsync($"/api/v1/projects/{projectId}/datasets", OrdersAndCatalogue());

        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        Assert.Equal($"/api/v1/projects/{projectId}/datasets", upload.Headers.Location?.OriginalString);
        var created = (await upload.ReadObjectAsync())["datasets"]!.AsArray().Select(d => d!.AsObject()).ToList();
        var byName = created.ToDictionary(d => d["name"]!.GetValue<string>());
        // Files uploaded together are named after their tables, not after the bundle they travelled in.
        Assert.Equal(["catalogue", "orders"], byName.Keys.Order(StringComparer.Ordinal));
        var orders = byName["orders"];
        var catalogue = byName["catalogue"];
        Assert.Equal(2, orders["rows"]!.GetValue<long>());
        Assert.Equal(3, catalogue["rows"]!.GetValue<long>());
        Assert.Equal(["customer", "spend"], Names(orders)); // one file per table: no _source_file column
        Assert.Equal(["sku", "name", "price"], Names(catalogue));

        var listed = await (await owner.GetAsync($"/api/v1/projects/{projectId}/datasets")).ReadArrayAsync();
        Assert.Equal(created.Select(Id).Order(), listed.Select(d => Id(d!.AsObject())).Order());
        var catalogueRows = await (await owner.GetAsync($"/api/v1/projects/{projectId}/datasets/{Id(catalogue)}/rows")).ReadArrayAsync();
        Assert.Equal(["A1", "A2", "A3"], catalogueRows.Select(r => r!["sku"]!.GetValue<string>()).Order(StringComparer.Ordinal));

        // Each dataset is read again from the stored upload on its own: a new type touches only its table.
        var retyped = await owner.PutAsJsonAsync($"/api/v1/projects/{projectId}/datasets/{Id(catalogue)}/columns/price", new { type = "text" });
        Assert.Equal(HttpStatusCode.OK, retyped.StatusCode);
        var catalogueAfter = await retyped.ReadObjectAsync();
        Assert.Equal(["sku", "name", "price"], Names(catalogueAfter));
        Assert.Equal(3, catalogueAfter["rows"]!.GetValue<long>());
        var profile = await (await owner.GetAsync($"/api/v1/projects/{projectId}/datasets/{Id(orders)}/profile")).ReadObjectAsync();
        Assert.Equal(2, profile["rows"]!.GetValue<long>());

        var audit = await (await owner.GetAsync($"/api/v1/projects/{projectId}/audit?action=dataset.upload")).ReadArrayAsync();
        Assert.Equal(created.Select(Id).Order(), audit.Select(e => e!["objectId"]!.GetValue<string>()).Order());

        using var stranger = await factory.CreateUserAndSignInAsync("stranger");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/projects/{projectId}/datasets")).StatusCode);
        foreach (var dataset in created)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/projects/{projectId}/datasets/{Id(dataset)}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/v1/projects/{projectId}/datasets", OrdersAndCatalogue())).StatusCode);
        Assert.Equal(2, (await (await owner.GetAsync($"/api/v1/projects/{projectId}/datasets")).ReadArrayAsync()).Count);
    }

    private static string Id(JsonObject dataset) => dataset["id"]!.GetValue<string>();

    private static List<string> Names(JsonObject dataset) => [.. dataset["columns"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())];
}
