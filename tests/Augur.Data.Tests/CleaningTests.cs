using System.Text.Json.Nodes;
using Augur.Data.Jsonl;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

public sealed class CleaningTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private JsonNode Profile(string table) => JsonNode.Parse(File.ReadAllText(Path.Combine(temp.Out, $"{table}.profile.json")))!;

    private string Lineage() => File.ReadAllText(Path.Combine(temp.Out, "lineage.json"));

    [Fact]
    public async Task Case_and_whitespace_variants_of_a_category_merge_into_the_most_common_spelling_and_the_merge_is_reported()
    {
        var rows = string.Concat(Enumerable.Range(0, 30).Select(i => $"{i},{(i % 10 == 0 ? "north" : i % 15 == 1 ? "NORTH" : i % 2 == 0 ? "North" : "South")}\n"));
        var input = temp.Write("regions.csv", "id,region\n" + rows);

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(ColumnType.Categorical, table.TypeOf("region"));
        Assert.Equal(["North", "South"], JsonlReader.Read(table.JsonlPath).Select(r => r["region"]!.GetValue<string>()).Distinct().Order());
        Assert.Contains("merge case/whitespace variants in column 'region'", Lineage(), StringComparison.Ordinal);
        Assert.Equal(2, Profile("regions")["columns"]![1]!["distinct"]!.GetValue<long>());
    }

    [Fact]
    public async Task Day_first_dates_with_dashes_are_dates()
    {
        var input = temp.Write("baskets.csv", "member,day\n1808,21-07-2015\n2552,05-01-2015\n");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(ColumnType.Date, table.TypeOf("day"));
        Assert.Equal("2015-07-21", JsonlReader.Read(table.JsonlPath).First()["day"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_profile_has_quantiles_and_flags_constant_columns_identifiers_and_outliers_without_dropping_them()
    {
        var rows = string.Concat(Enumerable.Range(1, 100).Select(i => $"C{i:000},shop,{(i == 100 ? 10_000 : i)}\n"));
        var input = temp.Write("orders.csv", "order,channel,amount\n" + rows);

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(100, table.RowsOut);
        var columns = Profile("orders")["columns"]!.AsArray();
        Assert.Contains("likelyIdentifier", columns[0]!["flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Contains("constant", columns[1]!["flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        var amount = columns[2]!;
        Assert.Contains("outliers", amount["flags"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(1, amount["outliers"]!.GetValue<long>());
        Assert.Equal(50.5, amount["quantiles"]!["p50"]!.GetValue<double>());
        Assert.Equal(25.75, amount["quantiles"]!["p25"]!.GetValue<double>());
    }
}
