using System.Text.Json.Nodes;

namespace Augur.Recommend.Data;

/// <summary>
/// Picks the user, item and time columns from a file's header when the command line does not name them:
/// the store's export names first, then common names (userID, Member_number, itemID, sku, timestamp, Date).
/// </summary>
public static class ColumnGuess
{
    private static readonly string[] UserNames = ["user_id", "userid", "user", "member_number", "customer_id", "customerid", "customer", "visitor_id"];
    private static readonly string[] ItemNames = ["ecom.nm", "item_id", "itemid", "item", "product_id", "productid", "sku", "itemdescription", "stockcode"];
    private static readonly string[] TimeNames = ["utc_event_time", "timestamp", "event_time", "time", "invoicedate", "date", "utc_event_date"];

    public static IReadOnlyList<string> Header(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var reader = new StreamReader(path);
        var first = reader.ReadLine() ?? "";
        if (first.TrimStart().StartsWith('{'))
        {
            return JsonNode.Parse(first) is JsonObject obj ? [.. obj.Select(p => p.Key)] : [];
        }

        var separator = first.Contains('\t', StringComparison.Ordinal) ? '\t' : first.Contains(';', StringComparison.Ordinal) && !first.Contains(',', StringComparison.Ordinal) ? ';' : ',';
        return [.. first.Split(separator).Select(h => h.Trim().Trim('"'))];
    }

    public static string? Pick(IReadOnlyList<string> header, IEnumerable<string> preferred) =>
        preferred.Select(name => header.FirstOrDefault(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(h => h is not null);

    public static string? User(IReadOnlyList<string> header) => Pick(header, UserNames);

    public static string? Item(IReadOnlyList<string> header) => Pick(header, ItemNames);

    public static string? Time(IReadOnlyList<string> header) => Pick(header, TimeNames);
}
