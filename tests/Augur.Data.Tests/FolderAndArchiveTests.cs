using System.IO.Compression;
using System.Text;
using Augur.Data.Ingestion;
using Augur.Data.Jsonl;

namespace Augur.Data.Tests;

public sealed class FolderAndArchiveTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private string Folder(string name)
    {
        var path = Path.Combine(temp.Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    private Task<IngestSummary> IngestAsync(string input, IngestOptions? options = null) =>
        new Ingestor(options ?? new IngestOptions()).IngestAsync(input, temp.Out, CancellationToken.None);

    [Fact]
    public async Task Monthly_files_with_the_same_columns_become_one_table_with_a_source_file_column()
    {
        var folder = Folder("in");
        File.WriteAllText(Path.Combine(folder, "sales_2024-01.csv"), "id,amount\n1,10\n2,20\n");
        File.WriteAllText(Path.Combine(folder, "sales_2024-02.csv"), "id,amount\n3,30\n");
        File.WriteAllText(Path.Combine(folder, "customers.csv"), "id,name\n1,Ann\n");
        File.WriteAllText(Path.Combine(folder, "notes.docx"), "not data");

        var summary = await IngestAsync(folder);

        Assert.Equal(["customers", "sales"], summary.Tables.Select(t => t.Name).Order());
        var sales = summary.Tables.Single(t => t.Name == "sales");
        Assert.Equal(3, sales.RowsOut);
        Assert.Equal(["id", "amount", "_source_file"], sales.Schema.Columns.Select(c => c.Name));
        Assert.Equal(2, sales.Sources!.Count);
        Assert.Equal(
            ["sales_2024-01.csv", "sales_2024-01.csv", "sales_2024-02.csv"],
            JsonlReader.Read(sales.JsonlPath).Select(r => r["_source_file"]!.GetValue<string>()));
        var skipped = Assert.Single(summary.Skipped);
        Assert.EndsWith("notes.docx", skipped.Path, StringComparison.Ordinal);
        Assert.Equal("unsupported file type", skipped.Reason);
    }

    [Fact]
    public async Task Orders_exported_in_two_overlapping_files_count_once_and_their_id_is_an_id()
    {
        // January's export ran to the 2nd of February: orders 24 and 25 are in both files, the same in every cell.
        var folder = Folder("overlap");
        var january = new StringBuilder("order_id,amount\n");
        var february = new StringBuilder("order_id,amount\n");
        for (var i = 1; i <= 25; i++)
        {
            january.Append($"O{i:000},{i * 7}\n");
        }

        for (var i = 24; i <= 40; i++)
        {
            february.Append($"O{i:000},{i * 7}\n");
        }

        File.WriteAllText(Path.Combine(folder, "orders_2024-01.csv"), january.ToString());
        File.WriteAllText(Path.Combine(folder, "orders_2024-02.csv"), february.ToString());

        foreach (var duplicates in new[] { DuplicatePolicy.Drop, DuplicatePolicy.KeepWithoutIdentifier })
        {
            var orders = Assert.Single((await IngestAsync(folder, new IngestOptions { Duplicates = duplicates })).Tables);

            Assert.Equal((42L, 40L, 2L, 0L), (orders.RowsIn, orders.RowsOut, orders.Duplicates, orders.DuplicatesKept));
            Assert.Equal(Schema.ColumnType.Identifier, orders.TypeOf("order_id"));
            // The first file's copy is the one kept.
            var sources = JsonlReader.Read(orders.JsonlPath).ToDictionary(r => r["order_id"]!.GetValue<string>(), r => r["_source_file"]!.GetValue<string>());
            Assert.Equal("orders_2024-01.csv", sources["O024"]);
            Assert.Equal("orders_2024-02.csv", sources["O026"]);
        }
    }

    [Fact]
    public async Task Files_joined_into_one_table_drop_their_repeats_even_without_an_id_when_repeats_may_be_kept()
    {
        // Visits exported per month without an ID; the February export starts with January's last two days.
        var folder = Folder("visits");
        File.WriteAllText(Path.Combine(folder, "visits_2024-01.csv"), "day,page,seconds\n2024-01-30,home,12\n2024-01-30,home,12\n2024-01-31,cart,40\n");
        File.WriteAllText(Path.Combine(folder, "visits_2024-02.csv"), "day,page,seconds\n2024-01-30,home,12\n2024-01-31,cart,40\n2024-02-01,home,9\n");

        var visits = Assert.Single((await IngestAsync(folder, new IngestOptions { Duplicates = DuplicatePolicy.KeepWithoutIdentifier })).Tables);

        Assert.Equal((6L, 3L, 3L, 0L), (visits.RowsIn, visits.RowsOut, visits.Duplicates, visits.DuplicatesKept));
        Assert.Contains("in files joined into one table, a repeat is the same record", File.ReadAllText(Path.Combine(temp.Out, "lineage.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headerless_files_of_the_same_width_stay_separate_and_a_shared_stem_names_grouped_files_at_a_word_boundary()
    {
        var folder = Folder("in");
        File.WriteAllText(Path.Combine(folder, "red.csv"), "1,2\n3,4\n");
        File.WriteAllText(Path.Combine(folder, "white.csv"), "5,6\n7,8\n");
        File.WriteAllText(Path.Combine(folder, "adult-train.csv"), "age,job\n30,a\n");
        File.WriteAllText(Path.Combine(folder, "adult-test.csv"), "age,job\n40,b\n");

        var summary = await IngestAsync(folder);

        Assert.Equal(["adult", "red", "white"], summary.Tables.Select(t => t.Name).Order());
    }

    [Fact]
    public async Task A_file_that_fails_inside_a_group_is_skipped_alone_with_its_own_reason()
    {
        var folder = Folder("in");
        File.WriteAllText(Path.Combine(folder, "a.csv"), "id,qty\n1,2\n");
        File.WriteAllText(Path.Combine(folder, "b.csv"), "id,qty\n3,\"4\n");

        var summary = await IngestAsync(folder);

        Assert.Equal(1, Assert.Single(summary.Tables).RowsOut);
        var skipped = Assert.Single(summary.Skipped);
        Assert.EndsWith("b.csv", skipped.Path, StringComparison.Ordinal);
        Assert.StartsWith(skipped.Path, skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_broken_file_in_a_folder_is_skipped_with_its_reason_and_the_rest_is_ingested()
    {
        var folder = Folder("in");
        File.WriteAllText(Path.Combine(folder, "good.csv"), "a,b\n1,2\n");
        File.WriteAllText(Path.Combine(folder, "empty.csv"), "");

        var summary = await IngestAsync(folder);

        Assert.Equal("good", Assert.Single(summary.Tables).Name);
        Assert.Contains("empty", Assert.Single(summary.Skipped).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zip_archive_is_read_like_a_folder_and_rejects_name_the_entry()
    {
        var input = Path.Combine(temp.Path, "export.zip");
        using (var zip = ZipFile.Open(input, ZipArchiveMode.Create))
        {
            Add(zip, "2024/orders_jan.csv", "id,qty\n1,2\n2,oops,3\n");
            Add(zip, "2024/orders_feb.csv", "id,qty\n3,4\n");
            Add(zip, "__MACOSX/._orders_jan.csv", "junk");
            Add(zip, "readme.pdf", "%PDF");
        }

        var summary = await IngestAsync(input);

        var table = Assert.Single(summary.Tables);
        Assert.Equal("orders", table.Name);
        Assert.Equal(2, table.RowsOut);
        Assert.Equal(1, table.Rejected);
        var reject = JsonlReader.Read(Path.Combine(temp.Out, "orders.rejects.jsonl")).Single();
        Assert.Equal($"{input}/2024/orders_jan.csv", reject["file"]!.GetValue<string>());
        Assert.Equal(3, reject["line"]!.GetValue<long>());
        Assert.Equal($"{input}/readme.pdf", Assert.Single(summary.Skipped).Path);
    }

    [Fact]
    public async Task A_zip_bomb_is_refused_when_its_expanded_size_passes_the_limit()
    {
        var input = Path.Combine(temp.Path, "bomb.zip");
        using (var zip = ZipFile.Open(input, ZipArchiveMode.Create))
        {
            using var stream = zip.CreateEntry("zeros.csv", CompressionLevel.SmallestSize).Open();
            var block = new byte[1 << 20];
            for (var i = 0; i < 8; i++)
            {
                stream.Write(block);
            }
        }

        var ex = await Assert.ThrowsAsync<IngestException>(() => IngestAsync(input, new IngestOptions { MaxArchiveBytes = 1 << 20 }));

        Assert.Equal(input, ex.File);
        Assert.Contains("zip bomb", ex.Message, StringComparison.Ordinal);
        Assert.True(new FileInfo(input).Length < 100_000);
    }

    [Fact]
    public async Task A_zip_that_is_not_an_archive_is_refused_naming_it()
    {
        var input = temp.Write("fake.zip", "hello");

        var ex = await Assert.ThrowsAsync<IngestException>(() => IngestAsync(input));

        Assert.Equal(input, ex.File);
    }

    private static void Add(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
