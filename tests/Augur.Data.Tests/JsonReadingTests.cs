using Augur.Data.Jsonl;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

public sealed class JsonReadingTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Jsonl_nested_objects_are_flattened_to_dotted_names_and_arrays_kept_as_json_text()
    {
        var input = temp.Write("events.jsonl", """
            {"user": "u1", "ecom": {"price100": 1999, "currency": "EUR"}, "tags": ["a", "b"]}
            {"user": "u2", "ecom": {"price100": 500}, "tags": [], "extra": true}

            {"user": "u3", "ecom": null}
            """);

        var table = await Some.IngestAsync(input, temp.Out);

        // "ecom": null is a column of its own that is empty everywhere, so it is dropped (and named in the lineage).
        Assert.Equal(["user", "ecom.price100", "ecom.currency", "tags", "extra"], table.Schema.Columns.Select(c => c.Name));
        Assert.Contains("drop empty columns: 'ecom'", File.ReadAllText(Path.Combine(temp.Out, "lineage.json")), StringComparison.Ordinal);
        Assert.Equal(ColumnType.Integer, table.TypeOf("ecom.price100"));
        Assert.True(table.Column("ecom.currency").Nullable);
        var rows = JsonlReader.Read(table.JsonlPath).ToList();
        Assert.Equal(1999, (long)rows[0]["ecom.price100"]!);
        Assert.Equal("""["a", "b"]""", (string?)rows[0]["tags"]);
        Assert.Null(rows[2]["ecom.price100"]);
        Assert.Equal(5, rows[0].Count);
    }

    [Fact]
    public async Task A_jsonl_line_that_is_not_an_object_is_rejected_with_its_line_number()
    {
        var input = temp.Write("bad.jsonl", "{\"a\": 1}\n{\"a\": \n[1,2]\n{\"a\": 2}\n");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(2, table.RowsOut);
        Assert.Equal(2, table.Rejected);
        var rejects = JsonlReader.Read(Path.Combine(temp.Out, "bad.rejects.jsonl")).ToList();
        Assert.Equal([2L, 3L], rejects.Select(r => (long)r["line"]!));
        Assert.StartsWith("invalid JSON", (string?)rejects[0]["reason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_array_of_objects_is_read_like_jsonl()
    {
        var input = temp.Write("items.json", """[{"id": 1, "p": {"x": 1.5}}, {"id": 2, "p": {"x": 2}}]""");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(2, table.RowsOut);
        Assert.Equal(ColumnType.Number, table.TypeOf("p.x"));
    }

    [Fact]
    public async Task A_json_object_wrapping_one_array_is_read_from_that_array()
    {
        var input = temp.Write("wrapped.json", """{"meta": {"n": 2}, "data": [{"a": "x"}, {"a": "y"}]}""");

        var table = await Some.IngestAsync(input, temp.Out);

        Assert.Equal(2, table.RowsOut);
        Assert.Equal(["a"], table.Schema.Columns.Select(c => c.Name));
    }
}
