using Augur.Data.Ingestion;
using Augur.Data.Jsonl;

namespace Augur.Data.Tests;

public sealed class TextFileTests : IDisposable
{
    private const string Prose =
        "Notes from the quarterly review\n\n" +
        "We met with the regional team on Monday to go over the numbers for the spring campaign.\n" +
        "Email did better than expected, but the social budget was spent too early in the month.\n" +
        "Next quarter we want to test a smaller discount, and to send the newsletter on Thursdays.\n" +
        "Anna will prepare the export from the shop, and Boris will clean up the CRM segments.\n";

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_txt_file_of_prose_is_refused_with_a_reason_that_says_it_is_text_not_a_table()
    {
        var input = temp.Write("notes.txt", Prose);

        var error = await Assert.ThrowsAsync<IngestException>(() => Some.IngestAsync(input, temp.Out));

        Assert.Contains("looks like text, not a table", error.Message);
        Assert.Contains("notes.txt", error.Message);
    }

    [Fact]
    public async Task In_a_folder_a_prose_txt_is_skipped_with_its_reason_and_a_tab_separated_txt_is_read()
    {
        Directory.CreateDirectory(Path.Combine(temp.Path, "upload"));
        temp.Write("upload/notes.txt", Prose);
        temp.Write("upload/export.txt", "customer\tchannel\tspend\nC1\temail\t12.5\nC2\tsocial\t7\n");

        var summary = await new Ingestor(new IngestOptions()).IngestAsync(Path.Combine(temp.Path, "upload"), temp.Out, CancellationToken.None);

        var table = Assert.Single(summary.Tables);
        Assert.Equal(["customer", "channel", "spend"], table.Schema.Columns.Select(c => c.Name));
        Assert.Equal(2, JsonlReader.Read(table.JsonlPath).Count());
        var skipped = Assert.Single(summary.Skipped);
        Assert.EndsWith("notes.txt", skipped.Path);
        Assert.Contains("looks like text, not a table", skipped.Reason);
    }

    [Fact]
    public async Task Text_files_whose_names_say_nothing_are_read_as_delimited_tables_and_keep_their_whole_names()
    {
        // As research datasets and old systems ship them: no extension that names a format, no header, Latin-1.
        Directory.CreateDirectory(Path.Combine(temp.Path, "export"));
        temp.Write("export/ratings.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n244\t51\t2\t880606923\n");
        File.WriteAllBytes(Path.Combine(temp.Path, "export", "ratings.item"), System.Text.Encoding.Latin1.GetBytes(
            "1|Toy Story (1995)|01-Jan-1995|0\n2|Les Misérables (1995)|01-Jan-1995|1\n3|Café au lait (1994)|01-Jan-1994|0\n"));
        temp.Write("export/README", Prose);
        temp.Write("export/ratings.names", "| Ratings of films, 1997-1998.\n\nuser: continuous.\nitem: continuous.\nrating: 1, 2, 3, 4, 5.\ntimestamp: continuous.\n");
        temp.Write("export/SOURCE.md", "| column | meaning |\n|---|---|\n| user | who rated |\n| item | what was rated |\n");
        File.WriteAllBytes(Path.Combine(temp.Path, "export", "model.bin"), [0x50, 0x4B, 0x00, 0x01, 0x00, 0x7F, 0x10, 0x00]);

        var summary = await new Ingestor(new IngestOptions()).IngestAsync(Path.Combine(temp.Path, "export"), temp.Out, CancellationToken.None);

        Assert.Equal(["ratings_data", "ratings_item"], summary.Tables.Select(t => t.Name).Order(StringComparer.Ordinal));
        var ratings = summary.Tables.Single(t => t.Name == "ratings_data");
        Assert.Equal(4, ratings.RowsOut);
        Assert.All(ratings.Schema.Columns, c => Assert.Equal(Schema.ColumnType.Integer, c.Type));
        var items = summary.Tables.Single(t => t.Name == "ratings_item");
        Assert.Equal(3, items.RowsOut);
        Assert.Contains(JsonlReader.Read(items.JsonlPath), row => row.Any(p => p.Value?.ToString() == "Les Misérables (1995)"));
        Assert.Equal(Schema.ColumnType.Date, items.Schema.Columns.Single(c => c.Name == "column_3").Type);
        Assert.Equal("1995-01-01", JsonlReader.Read(items.JsonlPath).First()["column_3"]?.GetValue<string>());

        // Prose, notes that are not a table (UCI's .names), documentation and binary files are skipped, and say why.
        Assert.Equal(["README", "SOURCE.md", "model.bin", "ratings.names"], summary.Skipped.Select(s => Path.GetFileName(s.Path)).Order(StringComparer.Ordinal));
        Assert.Contains("not a table", summary.Skipped.Single(s => s.Path.EndsWith("ratings.names", StringComparison.Ordinal)).Reason);
        Assert.Contains("looks like text, not a table", summary.Skipped.Single(s => s.Path.EndsWith("README", StringComparison.Ordinal)).Reason);
    }

    [Fact]
    public async Task A_single_text_file_whose_name_says_nothing_is_read_and_a_binary_one_is_refused()
    {
        var input = temp.Write("orders.dat", "order;amount\nA1;12,50\nA2;7,25\n");
        var table = await Some.IngestAsync(input, temp.Out);
        Assert.Equal("orders_dat", table.Name);
        Assert.Equal(2, table.RowsOut);

        var binary = Path.Combine(temp.Path, "orders.bin");
        File.WriteAllBytes(binary, [0x00, 0x01, 0x02, 0x03]);
        var error = await Assert.ThrowsAsync<IngestException>(() => Some.IngestAsync(binary, temp.Out));
        Assert.Contains("unsupported file type", error.Message);
    }
}
