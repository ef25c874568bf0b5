using System.Text.Json.Nodes;
using Augur.Data.Ingestion;
using Augur.Data.Reading;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

public sealed class TypedTableReaderTests
{
    private static readonly Dictionary<string, ColumnType> Types = new()
    {
        ["price"] = ColumnType.Number,
        ["qty"] = ColumnType.Integer,
        ["member"] = ColumnType.Boolean,
        ["day"] = ColumnType.Date,
        ["plan"] = ColumnType.Categorical,
    };

    [Fact]
    public async Task A_file_read_in_one_pass_gives_the_values_ingestion_writes_and_names_the_unreadable_line()
    {
        using var dir = new TempFolder();
        var input = dir.Write("orders.csv",
            "id;price;qty;member;day;plan\n" +
            "A1;12,5;3;yes;31.01.2024;Basic\n" +
            "A2; 7 ;NA;no;01.02.2024;basic \n" +
            "A3;7,75;abc;yes;02.02.2024;Pro\n" +
            "A4;1;2;3;4;5;6;7\n" +
            "A5;-3,25;1;no;;Pro\n");
        var options = new IngestOptions { ColumnTypes = Types, Duplicates = DuplicatePolicy.Keep };
        var table = Assert.Single((await new Ingestor(options).IngestAsync(input, dir.Out, CancellationToken.None)).Tables);
        var ingested = Some.Lines(table.JsonlPath).Select(l => JsonNode.Parse(l)).ToList();

        await using var reader = await TypedTableReader.OpenAsync(input, Types, options, CancellationToken.None);
        Assert.NotNull(reader);
        var records = await reader.ReadAsync(reader.Columns.Select(c => c.Name).ToHashSet(), CancellationToken.None).ToListAsync();

        var rows = records.Where(r => r.Row is not null).Select(r => JsonNode.Parse(r.Row!.ToJsonString())).ToList();
        Assert.Equal(ingested.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(ingested[i], rows[i]), $"row {i}: {rows[i]} != {ingested[i]}");
        }

        Assert.Equal(12.5, rows[0]!["price"]!.GetValue<double>());
        Assert.Equal(-3.25, rows[3]!["price"]!.GetValue<double>());
        Assert.Equal("abc", rows[2]!["qty"]!.GetValue<string>()); // kept as text, for the model to reject with its field
        var unreadable = Assert.Single(records, r => r.Row is null);
        Assert.Equal(5, unreadable.Line);
        Assert.Contains("fields", unreadable.RejectReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cells_hold_the_same_values_as_rows_in_the_order_asked_with_null_for_a_column_the_file_lacks()
    {
        using var dir = new TempFolder();
        var input = dir.Write("orders.csv", "id;price;qty;plan\nA1;12,5;3;Basic\nA2;1;2;3;4;5\nA3;;x;Pro\n");
        var options = new IngestOptions { ColumnTypes = Types, Duplicates = DuplicatePolicy.Keep };
        await using var byRow = await TypedTableReader.OpenAsync(input, Types, options, CancellationToken.None);
        await using var byCell = await TypedTableReader.OpenAsync(input, Types, options, CancellationToken.None);
        string[] columns = ["plan", "member", "price", "id", "qty"];

        var rows = await byRow!.ReadAsync(columns.ToHashSet(), CancellationToken.None).ToListAsync();
        var cells = await byCell!.ReadCellsAsync(columns, null, CancellationToken.None).ToListAsync();

        Assert.Equal(rows.Select(r => (r.Line, r.RejectReason)), cells.Select(c => (c.Line, c.RejectReason)));
        for (var i = 0; i < rows.Count; i++)
        {
            for (var c = 0; c < columns.Length; c++)
            {
                Assert.Equal(rows[i].Row?[columns[c]]?.ToJsonString(), cells[i].Cells?[c]?.ToJsonString());
            }
        }

        Assert.Equal(["\"Basic\"", null, "12.5", "\"A1\"", "3"], cells[0].Cells!.Select(v => v?.ToJsonString()));
        Assert.Null(cells[1].Cells);
    }

    [Fact]
    public async Task A_category_is_one_shared_cell_for_all_its_rows_with_the_value_a_row_has()
    {
        using var dir = new TempFolder();
        var input = dir.Write("orders.csv", "id;price;qty;plan\nA1;1;1;Basic\nA2;2;2;Pro\nA3;3;3;Basic\nA4;4;4;basic\n");
        var options = new IngestOptions { ColumnTypes = Types, Duplicates = DuplicatePolicy.Keep };
        await using var byRow = await TypedTableReader.OpenAsync(input, Types, options, CancellationToken.None);
        await using var byCell = await TypedTableReader.OpenAsync(input, Types, options, CancellationToken.None);
        string[] columns = ["plan", "price"];

        var rows = await byRow!.ReadAsync(columns.ToHashSet(), CancellationToken.None).ToListAsync();
        var cells = await byCell!.ReadCellsAsync(columns, null, CancellationToken.None).ToListAsync();

        // Millions of rows of a few categories hold a few values, not one per row; the values are those of the rows.
        Assert.Same(cells[0].Cells![0], cells[2].Cells![0]);
        Assert.NotSame(cells[0].Cells![1], cells[2].Cells![1]);
        Assert.Equal(rows.Select(r => r.Row!["plan"]!.ToJsonString()), cells.Select(c => c.Cells![0]!.ToJsonString()));
    }

    [Fact]
    public async Task Rows_after_the_sample_are_read_from_the_file_buffer_into_reused_arrays_with_the_values_ingestion_writes()
    {
        // Past the first SampleRows rows the reader parses each cell from the CSV reader's buffer instead of a string:
        // those rows must give the same values as the sampled ones and as ingestion, in arrays the caller hands back.
        using var dir = new TempFolder();
        var text = new System.Text.StringBuilder("id;price;qty;member;day;plan\n");
        var rows = TypedTableReader.SampleRows + 2_000;
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == rows - 700 ? "X;1;2;3\n" : "");
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"R{r}; {r % 97},{r % 10} ;{(r % 13 == 0 ? "NA" : r % 50)};{(r % 2 == 0 ? "yes" : "no")};");
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{1 + (r % 28):00}.0{1 + (r % 9)}.2024;{(r % 3) switch { 0 => "Basic", 1 => "Pro", _ => " basic" }}\n");
        }

        var input = dir.Write("orders.csv", text.ToString());
        var options = new IngestOptions { ColumnTypes = Types, Duplicates = DuplicatePolicy.Keep };
        var table = Assert.Single((await new Ingestor(options).IngestAsync(input, dir.Out, CancellationToken.None)).Tables);
        var ingested = Some.Lines(table.JsonlPath).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        await using var reader = await TypedTableReader.OpenAsync(input, Types, options, CancellationToken.None);
        string[] columns = ["qty", "plan", "id", "price", "nowhere", "member", "day"];
        var pool = new Stack<JsonNode?[]>(Enumerable.Range(0, 64).Select(_ => Enumerable.Repeat<JsonNode?>(JsonValue.Create("stale"), columns.Length).ToArray()));

        var read = 0;
        var unreadable = new List<long>();
        await foreach (var record in reader!.ReadCellsAsync(columns, () => pool.Pop(), CancellationToken.None))
        {
            if (record.Cells is not { } cells)
            {
                unreadable.Add(record.Line);
                continue;
            }

            for (var c = 0; c < columns.Length; c++)
            {
                var expected = ingested[read][columns[c]]?.ToJsonString();
                Assert.True(expected == cells[c]?.ToJsonString(), $"row {read}, {columns[c]}: {cells[c]?.ToJsonString()} instead of {expected}");
            }

            pool.Push(cells);
            read++;
        }

        Assert.Equal(rows, read);
        Assert.Equal([rows - 700 + 2], unreadable);
    }

    [Fact]
    public async Task Folders_and_archives_are_left_to_ingestion()
    {
        using var dir = new TempFolder();
        dir.Write("a.csv", "x\n1\n");

        Assert.Null(await TypedTableReader.OpenAsync(dir.Path, Types, new IngestOptions(), CancellationToken.None));
    }
}
