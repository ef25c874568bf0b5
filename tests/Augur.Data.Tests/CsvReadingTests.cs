using System.IO.Compression;
using System.Text;
using Augur.Data.Jsonl;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

public sealed class CsvReadingTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_comma_csv_with_a_header_becomes_typed_jsonl_rows_in_source_order()
    {
        var input = temp.Write("people.csv", "name,age,score\nAnn,31,4.5\nBob,42,3.25\n");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal("people", table.Name);
        Assert.Equal(["name", "age", "score"], table.Schema.Columns.Select(c => c.Name));
        Assert.Equal(ColumnType.Integer, table.TypeOf("age"));
        Assert.Equal(ColumnType.Number, table.TypeOf("score"));
        Assert.Equal(
            ["""{"name":"Ann","age":31,"score":4.5}""", """{"name":"Bob","age":42,"score":3.25}"""],
            Some.Lines(table.JsonlPath));
    }

    [Fact]
    public async Task A_windows_1251_semicolon_file_keeps_its_cyrillic_and_reads_decimal_commas_and_dotted_dates()
    {
        var table = await Some.IngestAsync(Some.Fixture("sales-cp1251.csv"), temp.Out);

        Assert.Equal(["Дата", "Клиент", "Сумма", "Город", "Оплачено"], table.Schema.Columns.Select(c => c.Name));
        Assert.Equal(ColumnType.Date, table.TypeOf("Дата"));
        Assert.Equal(ColumnType.Number, table.TypeOf("Сумма"));
        Assert.Equal(ColumnType.Categorical, table.TypeOf("Город"));
        Assert.Equal(ColumnType.Boolean, table.TypeOf("Оплачено"));
        var first = JsonlReader.Read(table.JsonlPath).First();
        Assert.Equal("2024-03-11", (string?)first["Дата"]);
        Assert.Equal(103600.83, (double)first["Сумма"]!);
        Assert.Equal("Москва", (string?)first["Город"]);
        Assert.True((bool)first["Оплачено"]!);
    }

    [Fact]
    public async Task A_tsv_file_is_split_on_tabs_and_keeps_commas_inside_values()
    {
        var input = temp.Write("items.tsv", "sku\tdescription\tprice\nA1\tred, large\t1,234.50\nB2\tblue, small\t12.00\n");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(3, table.Schema.Columns.Count);
        var rows = JsonlReader.Read(table.JsonlPath).ToList();
        Assert.Equal("red, large", (string?)rows[0]["description"]);
        Assert.Equal(1234.5, (double)rows[0]["price"]!);
    }

    [Fact]
    public async Task A_quoted_field_spanning_lines_stays_one_value_and_later_line_numbers_stay_right()
    {
        var input = temp.Write("notes.csv", "id,note,n\n1,\"first line\nsecond line\",5\n\n2,plain,x,extra\r\n3,ok,7");

        var table = await Some.IngestAsync(input, temp.Out);

        var rows = JsonlReader.Read(table.JsonlPath).ToList();
        Assert.Equal("first line\nsecond line", (string?)rows[0]["note"]);
        var reject = Assert.Single(JsonlReader.Read(Path.Combine(temp.Out, "notes.rejects.jsonl")));
        Assert.Equal(5, (long)reject["line"]!);
        Assert.Equal(7, (long)JsonlReader.Read(table.JsonlPath).Last()["n"]!);
    }

    [Fact]
    public async Task A_ragged_row_goes_to_the_rejects_with_its_line_number_raw_text_and_reason()
    {
        var input = temp.Write("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(1, table.Rejected);
        Assert.Equal(2, table.RowsOut);
        var reject = Assert.Single(JsonlReader.Read(Path.Combine(temp.Out, "ragged.rejects.jsonl")));
        Assert.Equal(3, (long)reject["line"]!);
        Assert.Equal("4,5", (string?)reject["raw"]);
        Assert.Equal(input, (string?)reject["file"]);
        Assert.Contains("expected 3 fields, found 2", (string?)reject["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_without_rows_is_an_empty_table_with_its_columns()
    {
        var input = temp.Write("header.csv", "a,b,c\n");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(0, table.RowsOut);
        Assert.Equal(["a", "b", "c"], table.Schema.Columns.Select(c => c.Name));
        Assert.Empty(Some.Lines(table.JsonlPath));
    }

    [Fact]
    public async Task Blank_and_repeated_header_names_are_made_unique()
    {
        var input = temp.Write("names.csv", "x,,x\n1,2,3\n");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(["x", "column_2", "x_2"], table.Schema.Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task A_trailing_empty_field_is_not_a_ragged_row()
    {
        var input = temp.Write("trailing.csv", "a,b\n1,2,\n3,4,\n");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(0, table.Rejected);
        Assert.Equal(2, table.RowsOut);
    }

    [Fact]
    public async Task A_file_without_a_header_gets_positional_column_names()
    {
        var input = temp.Write("raw.csv", "1,2.5,2024-01-01\n2,3.5,2024-01-02\n3,4.5,2024-01-03\n");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(["column_1", "column_2", "column_3"], table.Schema.Columns.Select(c => c.Name));
        Assert.Equal(3, table.RowsOut);
        Assert.Equal(ColumnType.Date, table.TypeOf("column_3"));
    }

    [Theory]
    [InlineData(';')]
    [InlineData('|')]
    [InlineData('\t')]
    public async Task The_delimiter_is_sniffed_from_the_data(char delimiter)
    {
        var input = temp.Write("d.csv", string.Join('\n', ["x,y", "1,2", "3,4", "5,6"]).Replace(',', delimiter) + "\n");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(["x", "y"], table.Schema.Columns.Select(c => c.Name));
        Assert.Equal(ColumnType.Integer, table.TypeOf("y"));
    }

    [Fact]
    public async Task A_single_quote_character_is_sniffed_when_fields_use_it()
    {
        var input = temp.Write("q.csv", "name,city\n'Smith, John','Paris'\n'Doe, Jane','Rome'\n");

        var table = await Some.IngestAsync(input, temp.Out);

        var rows = JsonlReader.Read(table.JsonlPath).ToList();
        Assert.Equal("Smith, John", (string?)rows[0]["name"]);
    }

    [Fact]
    public async Task Utf8_with_a_bom_and_utf16_files_are_decoded()
    {
        var utf8 = temp.Write("bom.csv", "имя,n\nАня,1\n", new UTF8Encoding(true));
        var utf16 = temp.Write("wide.csv", "имя,n\nАня,1\n", Encoding.Unicode);

        var fromUtf8 = await Some.IngestAsync(utf8, Path.Combine(temp.Out, "a"));
        var fromUtf16 = await Some.IngestAsync(utf16, Path.Combine(temp.Out, "b"));

        Assert.Equal("имя", fromUtf8.Schema.Columns[0].Name);
        Assert.Equal("имя", fromUtf16.Schema.Columns[0].Name);
        Assert.Equal("Аня", (string?)JsonlReader.Read(fromUtf16.JsonlPath).Single()["имя"]);
    }

    [Fact]
    public async Task A_windows_1252_file_is_detected_when_it_is_not_utf8()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var text = "city,name\n" + string.Concat(Enumerable.Repeat("Zürich,Renée Müller-Façade\nMünchen,José Peña\n", 20));
        var input = temp.WriteBytes("latin.csv", Encoding.GetEncoding(1252).GetBytes(text));

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal("Zürich", (string?)JsonlReader.Read(table.JsonlPath).First()["city"]);
    }

    [Fact]
    public async Task A_gzipped_csv_is_decompressed_on_the_fly_and_named_without_its_extensions()
    {
        var path = Path.Combine(temp.Path, "orders.csv.gz");
        await using (var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("id,total\n1,9.5\n2,10\n"));
        }

        var table = await Some.IngestAsync(path, temp.Out);

        Assert.Equal("orders", table.Name);
        Assert.Equal(2, table.RowsOut);
        Assert.Equal(ColumnType.Number, table.TypeOf("total"));
    }
}
