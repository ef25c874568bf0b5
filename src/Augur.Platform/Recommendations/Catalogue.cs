using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Data.Jsonl;
using Augur.Data.Schema;
using Augur.Recommend.Data;
using Augur.Recommend.Ranking;

namespace Augur.Platform.Recommendations;

/// <summary>
/// The optional item catalogue (id, name, category, price): it turns item ids into names and prices on the
/// storefront and in reasons ("bought together with Green tea"). Columns are found by their usual names.
/// </summary>
public sealed class Catalogue
{
    private static readonly string[] IdNames = ["id", "item_id", "itemid", "ecom.nm", "nm", "product_id", "productid", "sku", "item", "stockcode"];
    private static readonly string[] NameNames = ["name", "title", "product_name", "item_name", "description"];
    private static readonly string[] CategoryNames = ["category", "category_name", "department", "group"];
    private static readonly string[] PriceNames = ["price", "unit_price", "unitprice", "ecom.price100"];

    private readonly Dictionary<string, CatalogueItem> _items;

    private Catalogue(Dictionary<string, CatalogueItem> items) => _items = items;

    public static Catalogue Empty { get; } = new(new Dictionary<string, CatalogueItem>(StringComparer.Ordinal));

    public int Count => _items.Count;

    public CatalogueItem? Find(string itemId) => _items.GetValueOrDefault(itemId);

    /// <summary>Categories and prices, as the ranker reads them.</summary>
    public ItemAttributes Attributes() => ItemAttributes.From(_items.Values.Select(i => (i.Id, i.Category, i.Price is { } p ? (double?)(double)p : null)));

    /// <summary>The item's name when the catalogue has one, otherwise its id.</summary>
    public string NameOf(string itemId) => _items.TryGetValue(itemId, out var item) && !string.IsNullOrEmpty(item.Name) ? item.Name : itemId;

    /// <summary>The id, name, category and price columns of a catalogue dataset; 400 naming the dataset when there is no id column.</summary>
    public static (string Id, string? Name, string? Category, string? Price) Columns(TableSchema schema, string datasetName)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var header = schema.Columns.Select(c => c.Name).ToList();
        var id = ColumnGuess.Pick(header, IdNames)
            ?? throw new PlatformValidationException("catalogueDatasetId", $"The catalogue '{datasetName}' needs an item id column (id, item_id or sku); its columns are: {string.Join(", ", header)}.");
        return (id, ColumnGuess.Pick(header, NameNames), ColumnGuess.Pick(header, CategoryNames), ColumnGuess.Pick(header, PriceNames));
    }

    public static Catalogue Read(string jsonlPath, TableSchema schema, string datasetName)
    {
        var (id, name, category, price) = Columns(schema, datasetName);
        // Prices in hundredths (the store export's ecom.price100) become currency units.
        var scale = string.Equals(price, "ecom.price100", StringComparison.OrdinalIgnoreCase) ? 100m : 1m;
        var items = new Dictionary<string, CatalogueItem>(StringComparer.Ordinal);
        foreach (var row in JsonlReader.Read(jsonlPath))
        {
            var key = Text(row[id]);
            if (string.IsNullOrEmpty(key))
            {
                continue;
            }

            decimal? amount = price is not null && decimal.TryParse(Text(row[price]), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p / scale : null;
            items[key] = new CatalogueItem(key, name is null ? null : Text(row[name]), category is null ? null : Text(row[category]), amount);
        }

        return new Catalogue(items);
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Trim(),
        _ => node.ToJsonString(),
    };
}
