using Augur.Data.Ingestion;
using Augur.Data.Jsonl;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

/// <summary>A boolean column is written as true/false, and its schema keeps how the source spelled the two values.</summary>
public sealed class BooleanLabelsTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private async Task<(ColumnSchema Column, string SchemaText)> IngestFlagAsync(IEnumerable<string> values, IngestOptions? options = null)
    {
        var input = temp.Write("t.csv", "flag,row\n" + string.Concat(values.Select((v, i) => $"{v},{i}\n")));
        var table = Assert.Single((await new Ingestor(options ?? new IngestOptions()).IngestAsync(input, temp.Out, CancellationToken.None)).Tables);
        return (table.Column("flag"), await File.ReadAllTextAsync(table.SchemaPath));
    }

    [Fact]
    public async Task A_yes_no_column_keeps_yes_and_no_in_its_schema_file_and_true_false_in_the_rows()
    {
        var (column, schemaText) = await IngestFlagAsync(["Yes", "No", "No", "yes", "Yes"]);

        Assert.Equal(ColumnType.Boolean, column.Type);
        Assert.Equal(new BooleanLabels("Yes", "No"), column.Labels);
        Assert.Contains("\"labels\": {\n        \"true\": \"Yes\",\n        \"false\": \"No\"\n      }", schemaText.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var loaded = await TableSchema.LoadAsync(Path.Combine(temp.Out, "t.schema.json"), CancellationToken.None);
        Assert.Equal(new BooleanLabels("Yes", "No"), loaded.Find("flag")!.Labels);
        Assert.Equal([true, false, false, true, true], JsonlReader.Read(Path.Combine(temp.Out, "t.jsonl")).Select(r => (bool)r["flag"]!));
    }

    [Fact]
    public async Task A_russian_column_keeps_its_most_frequent_spelling_of_each_value()
    {
        var (column, _) = await IngestFlagAsync(["да", "нет", "Да", "да", "НЕТ", "нет"]);

        Assert.Equal(new BooleanLabels("да", "нет"), column.Labels);
    }

    [Fact]
    public async Task The_windows_1251_fixture_keeps_its_capitalised_russian_words()
    {
        var table = await Some.IngestAsync(Some.Fixture("sales-cp1251.csv"), temp.Out);

        Assert.Equal(new BooleanLabels("Да", "Нет"), table.Column("Оплачено").Labels);
    }

    [Fact]
    public async Task A_word_is_kept_before_a_more_frequent_one_or_zero()
    {
        var (column, _) = await IngestFlagAsync(["1", "1", "1", "Y", "0", "N"]);

        Assert.Equal(new BooleanLabels("Y", "N"), column.Labels);
    }

    [Theory]
    [InlineData("true", "false")]
    [InlineData("TRUE", "FALSE")]
    [InlineData("True", "False")]
    public async Task Plain_true_and_false_keep_no_labels_and_the_schema_file_is_as_before(string yes, string no)
    {
        var (column, schemaText) = await IngestFlagAsync([yes, no, yes]);

        Assert.Equal(ColumnType.Boolean, column.Type);
        Assert.Null(column.Labels);
        Assert.DoesNotContain("labels", schemaText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_column_that_only_ever_says_yes_keeps_no_labels()
    {
        var (column, _) = await IngestFlagAsync(["Yes", "", "Yes"]);

        Assert.Equal(ColumnType.Boolean, column.Type);
        Assert.Null(column.Labels);
    }

    [Fact]
    public async Task An_override_to_categorical_drops_the_labels_and_one_to_boolean_finds_them()
    {
        var (category, _) = await IngestFlagAsync(["Yes", "No"], new IngestOptions { ColumnTypes = ColumnTypeOverrides.Parse(["flag=categorical"]) });
        Assert.Equal(ColumnType.Categorical, category.Type);
        Assert.Null(category.Labels);

        var (flag, _) = await IngestFlagAsync(["Yes", "No", "Maybe"], new IngestOptions { ColumnTypes = ColumnTypeOverrides.Parse(["flag=boolean"]) });
        Assert.Equal(ColumnType.Boolean, flag.Type);
        Assert.Equal(new BooleanLabels("Yes", "No"), flag.Labels);
    }

    [Fact]
    public async Task A_schema_file_written_before_labels_existed_still_loads()
    {
        var path = temp.Write("old.schema.json", """
            {"rows": 2, "columns": [{"name": "Churn", "type": "boolean", "nullable": false, "role": "feature"}]}
            """);

        var schema = await TableSchema.LoadAsync(path, CancellationToken.None);

        Assert.Equal(new ColumnSchema("Churn", ColumnType.Boolean, false, ColumnRole.Feature), Assert.Single(schema.Columns));
        Assert.Null(schema.Columns[0].Labels);
    }
}
