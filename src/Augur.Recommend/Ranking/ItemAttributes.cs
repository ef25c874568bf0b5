using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Data.Ingestion;
using Augur.Data.Jsonl;
using Augur.Data.Schema;
using Augur.Recommend.Data;

namespace Augur.Recommend.Ranking;

/// <summary>
/// What the item catalogue tells the ranker: each item's category and price, by item id. Items the catalogue does
/// not list (and catalogues without a category or price column) give missing values, which LightGBM handles.
/// </summary>
public sealed class ItemAttributes
{
    private static readonly string[] IdNames = ["id", "item_id", "itemid", "ecom.nm", "nm", "product_id", "productid", "sku", "item", "stockcode"];
    private static readonly string[] CategoryNames = ["category", "category_name", "department", "group"];
    private static readonly string[] PriceNames = ["price", "unit_price", "unitprice", "ecom.price100"];

    private readonly Dictionary<string, (string? Category, float Price)> _byId;

    private ItemAttributes(Dictionary<string, (string? Category, float Price)> byId) => _byId = byId;

    public int Count => _byId.Count;

    public static ItemAttributes From(IEnumerable<(string Id, string? Category, double? Price)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var byId = new Dictionary<string, (string?, float)>(StringComparer.Ordinal);
        foreach (var (id, category, price) in items)
        {
            byId[id] = (string.IsNullOrWhiteSpace(category) ? null : category, price is { } p && double.IsFinite(p) ? (float)p : float.NaN);
        }

        return new ItemAttributes(byId);
    }

    /// <summary>Reads a catalogue file (anything Augur.Data reads) with an id column and a category and/or price column.</summary>
    public static async Task<ItemAttributes> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var header = ColumnGuess.Header(path);
        var id = ColumnGuess.Pick(header, IdNames)
            ?? throw new IngestException($"{path}: the catalogue needs an item id column (id, item_id or sku); its columns are: {string.Join(", ", header)}.") { File = path };
        var category = ColumnGuess.Pick(header, CategoryNames);
        var price = ColumnGuess.Pick(header, PriceNames);
        var scratch = Path.Combine(Path.GetTempPath(), "augur-catalogue-" + Guid.NewGuid().ToString("N"));
        try
        {
            var types = new Dictionary<string, ColumnType>(StringComparer.Ordinal) { [id] = ColumnType.Identifier };
            var summary = await new Ingestor(new IngestOptions { ColumnTypes = types }).IngestAsync(path, scratch, cancellationToken);
            // Prices in hundredths (the store export's ecom.price100) become currency units.
            var scale = string.Equals(price, "ecom.price100", StringComparison.OrdinalIgnoreCase) ? 100.0 : 1.0;
            return From(JsonlReader.Read(summary.Tables[0].JsonlPath)
                .Select(row => (Text(row[id]) ?? "", category is null ? null : Text(row[category]), price is not null && double.TryParse(Text(row[price]), NumberStyles.Float, CultureInfo.InvariantCulture, out var p) ? p / scale : (double?)null))
                .Where(r => r.Item1.Length > 0));
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>Per item index of <paramref name="items"/>: its price (NaN when unknown) and its category number (-1 when unknown).</summary>
    public (float[] Prices, int[] Categories) AlignTo(IdMap items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var prices = new float[items.Count];
        var categories = new int[items.Count];
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (_byId.TryGetValue(items.Ids[i], out var entry))
            {
                prices[i] = entry.Price;
                categories[i] = entry.Category is null ? -1 : numbers.TryGetValue(entry.Category, out var n) ? n : numbers[entry.Category] = numbers.Count;
            }
            else
            {
                prices[i] = float.NaN;
                categories[i] = -1;
            }
        }

        return (prices, categories);
    }

    internal void Write(BinaryWriter writer)
    {
        writer.Write(_byId.Count);
        foreach (var (id, (category, price)) in _byId)
        {
            writer.Write(id);
            writer.Write(category ?? "");
            writer.Write(price);
        }
    }

    internal static ItemAttributes Read(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var byId = new Dictionary<string, (string?, float)>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString();
            var category = reader.ReadString();
            byId[id] = (category.Length == 0 ? null : category, reader.ReadSingle());
        }

        return new ItemAttributes(byId);
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Trim(),
        _ => node.ToJsonString(),
    };
}
