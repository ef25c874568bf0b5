using System.Text.Json.Nodes;
using Augur.Data.Schema;
using Augur.Learning.Bundles;
using Augur.Learning.Features;

namespace Augur.Learning.Tests;

public sealed class FeatureEncodingTests
{
    private static readonly FeaturePlan Plan = new(
    [
        new FeatureInput(new ColumnSchema("amount", ColumnType.Number, true, ColumnRole.Feature), FeatureEncoding.Numeric, 0),
        new FeatureInput(new ColumnSchema("shop", ColumnType.Categorical, true, ColumnRole.Feature), FeatureEncoding.OneHot, 0),
        new FeatureInput(new ColumnSchema("city", ColumnType.Categorical, false, ColumnRole.Feature), FeatureEncoding.Hashed, 0),
    ], NumberSlots: 1, CategorySlots: 1, HashedSlots: 1, HasText: false);

    [Fact]
    public void Cells_encode_as_json_rows_do_for_numbers_categories_missing_values_and_more_values_than_the_key_cache_holds()
    {
        var layout = Plan.Layout(["city", "id", "shop", "amount"]);
        var values = CategoryKeys.MaxValuesPerColumn + 50;
        for (var i = 0; i < values; i++)
        {
            JsonNode? amount = (i % 4) switch { 0 => 1.1 * i, 1 => (long)i, 2 => $"{i}.25", _ => null };
            var shop = i % 7 == 0 ? null : $"S{i}";
            var byObject = Encode(new JsonObject { ["amount"] = amount, ["shop"] = shop, ["city"] = i % 3 == 0 ? 12 : $"C{i % 10}" });
            var byCells = Encode([i % 3 == 0 ? 12 : $"C{i % 10}", "x", shop, amount?.DeepClone()], layout);

            Assert.Equal(byObject.Numbers, byCells.Numbers);
            Assert.Equal(byObject.Categories, byCells.Categories);
            Assert.Equal(byObject.Hashed, byCells.Hashed);
            Assert.Equal(shop is null ? "shop=\u0000missing" : $"shop={shop}", byCells.Categories[0]);
        }

        Assert.Equal((float)(1.1 * 8), Encode(["C", null, null, 1.1 * 8], layout).Numbers[0]);
        Assert.Equal(42.25f, Encode(["C", null, null, "42.25"], layout).Numbers[0]);
    }

    [Fact]
    public void A_number_held_in_memory_reads_as_the_same_number_parsed_from_its_json_text()
    {
        var random = new Random(5);
        var layout = Plan.Layout(["amount", "shop", "city"]);
        for (var i = 0; i < 2_000; i++)
        {
            JsonNode held = (i % 3) switch
            {
                0 => random.NextDouble() * Math.Pow(10, random.Next(-30, 30)),
                1 => random.NextInt64(long.MinValue, long.MaxValue),
                _ => Math.Round(random.NextDouble() * 1000, 2),
            };
            var parsed = JsonNode.Parse(held.ToJsonString())!;

            Assert.Equal(Encode([parsed, "S", "C"], layout).Numbers[0], Encode([held, "S", "C"], layout).Numbers[0]);
        }
    }

    [Fact]
    public void Cells_report_the_same_errors_as_json_rows()
    {
        var layout = Plan.Layout(["amount", "shop", "city"]);
        List<InputError> byObject = [], byCells = [];
        Plan.Encode(new JsonObject { ["amount"] = "lots", ["shop"] = "S1" }, 4, byObject);
        Plan.Encode(["lots", "S1", null], layout, 4, byCells);

        Assert.Equal(byObject, byCells);
        Assert.Equal(["amount", "city"], byCells.Select(e => e.Field));
    }

    private static FeatureRow Encode(JsonObject row)
    {
        var errors = new List<InputError>();
        var encoded = Plan.Encode(row, 0, errors);
        Assert.Empty(errors);
        return encoded;
    }

    private static FeatureRow Encode(JsonNode?[] cells, CellLayout layout)
    {
        var errors = new List<InputError>();
        var encoded = Plan.Encode(cells, layout, 0, errors);
        Assert.Empty(errors);
        return encoded;
    }
}
