using System.Globalization;
using System.Text;

namespace Augur.Testing;

/// <summary>
/// A small, seeded online-store event log in the export shape (<c>platform, utc_event_time, utc_event_date,
/// user_id, event_type, ecom.price100, ecom.qty, ecom.nm</c>) and its catalogue. Each customer favours one of three
/// categories, so a recommender has something real to learn, and training takes well under a second.
/// </summary>
public static class StoreEvents
{
    public static readonly string[] Categories = ["Tea", "Coffee", "Snacks"];

    /// <summary>Item ids 101… with names such as "Tea no. 1" and prices 2.50…</summary>
    public static string ItemId(int index) => (101 + index).ToString(CultureInfo.InvariantCulture);

    public static byte[] Log(int customers = 60, int items = 30, int seed = 7)
    {
        var random = new Random(seed);
        var start = new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);
        var text = new StringBuilder("platform,utc_event_time,utc_event_date,user_id,event_type,ecom.price100,ecom.qty,ecom.nm\n");
        for (var c = 0; c < customers; c++)
        {
            var favourite = c % Categories.Length;
            var events = 12 + random.Next(10);
            for (var e = 0; e < events; e++)
            {
                // Four in five events are in the customer's favourite category.
                var category = random.NextDouble() < 0.8 ? favourite : random.Next(Categories.Length);
                var item = category + (Categories.Length * random.Next(items / Categories.Length));
                var type = random.NextDouble() switch { < 0.6 => "view", < 0.8 => "cart", _ => "purchase" };
                var at = start.AddMinutes(random.Next(60 * 24 * 60));
                text.Append(CultureInfo.InvariantCulture, $"web,{at:yyyy-MM-dd HH:mm:ss},{at:yyyy-MM-dd},c{c + 1},{type},{Price100(item)},1,{ItemId(item)}\n");
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] Catalogue(int items = 30)
    {
        var text = new StringBuilder("id,name,category,price\n");
        for (var i = 0; i < items; i++)
        {
            var category = Categories[i % Categories.Length];
            text.Append(CultureInfo.InvariantCulture, $"{ItemId(i)},{category} no. {(i / Categories.Length) + 1},{category},{Price100(i) / 100m:0.00}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static int Price100(int item) => 250 + (item * 35);
}
