using Augur.Recommend.Data;
using Augur.Testing;

namespace Augur.Recommend.Tests;

public class ReaderTests
{
    [Fact]
    public async Task A_store_export_is_read_with_event_type_weights_and_times()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("events.csv");
        await File.WriteAllTextAsync(path, """
            platform,utc_event_time,utc_event_date,user_id,event_type,ecom.price100,ecom.qty,ecom.nm
            web,2026-01-01T10:00:00Z,2026-01-01,007,view,1999,1,100
            web,2026-01-01T10:05:00Z,2026-01-01,007,purchase,1999,1,100
            app,2026-01-02T09:00:00Z,2026-01-02,42,cart,500,2,200
            app,2026-01-02T09:01:00Z,2026-01-02,,view,500,1,200
            """);

        var log = await InteractionReader.ReadAsync(path, InteractionColumns.StoreEvents, CancellationToken.None);
        var matrix = InteractionMatrix.Build(log);

        Assert.Equal(3, log.Count);
        Assert.Equal(["007", "42"], matrix.Users.Ids);
        Assert.Equal([6f], matrix.ValuesOf(0).ToArray());
        Assert.Equal([3f], matrix.ValuesOf(1).ToArray());
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 10, 5, 0, TimeSpan.Zero).ToUnixTimeSeconds(), matrix.TimesOf(0)[0]);
    }

    [Fact]
    public async Task A_generic_tab_separated_log_with_epoch_seconds_and_a_rating_column_is_read()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("ratings.tsv");
        await File.WriteAllTextAsync(path, "userID\titemID\trating\ttimestamp\n1\t10\t5\t874965758\n2\t10\t3\t876893171\n");

        var log = await InteractionReader.ReadAsync(path, new InteractionColumns("userID", "itemID") { Time = "timestamp", Weight = "rating" }, CancellationToken.None);

        Assert.Equal(["1", "2"], log.Users);
        Assert.Equal([5f, 3f], log.Weights);
        Assert.Equal([874965758L, 876893171L], log.Times);
    }

    [Fact]
    public async Task A_missing_column_is_named_in_the_error()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("events.csv");
        await File.WriteAllTextAsync(path, "user,item\n1,2\n");
        var ex = await Assert.ThrowsAsync<Augur.Data.Ingestion.IngestException>(() =>
            InteractionReader.ReadAsync(path, new InteractionColumns("user", "sku"), CancellationToken.None));
        Assert.Contains("'sku'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Event_weights_parse_from_the_command_line_form()
    {
        var weights = InteractionColumns.ParseEventWeights("view=1, purchase=5");
        Assert.Equal(5f, weights["PURCHASE"]);
        Assert.Throws<FormatException>(() => InteractionColumns.ParseEventWeights("purchase"));
    }
}
