using Augur.Data.Jsonl;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

public sealed class TypeInferenceTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private async Task<IngestedTableView> IngestColumnAsync(string header, IEnumerable<string> values, char delimiter = ',')
    {
        var input = temp.Write("t.csv", $"{header}{delimiter}row\n" + string.Concat(values.Select((v, i) => $"{v}{delimiter}{i}\n")));
        var table = await Some.IngestAsync(input, temp.Out);
        return new IngestedTableView(table.Column(header), [.. JsonlReader.Read(table.JsonlPath).Select(r => r[header]?.ToJsonString(AugurJson.Compact) ?? "null")]);
    }

    private sealed record IngestedTableView(ColumnSchema Column, List<string?> Json);

    [Fact]
    public async Task Whole_numbers_are_integers_and_written_as_json_numbers()
    {
        var view = await IngestColumnAsync("qty", ["1", "-20", "+300", "4000"]);

        Assert.Equal(ColumnType.Integer, view.Column.Type);
        Assert.Equal(["1", "-20", "300", "4000"], view.Json);
    }

    [Fact]
    public async Task Numbers_accept_thousands_separators_currency_and_percent()
    {
        var view = await IngestColumnAsync("amount", ["\"1,234.56\"", "$12.50", "45%", "-0.5"]);

        Assert.Equal(ColumnType.Number, view.Column.Type);
        Assert.Equal(["1234.56", "12.5", "45", "-0.5"], view.Json);
    }

    [Fact]
    public async Task Decimal_commas_are_read_when_the_delimiter_is_not_a_comma()
    {
        var view = await IngestColumnAsync("price", ["1234,56", "1 234,5", "7"], ';');

        Assert.Equal(ColumnType.Number, view.Column.Type);
        Assert.Equal(["1234.56", "1234.5", "7"], view.Json);
    }

    [Fact]
    public async Task Yes_no_words_are_boolean_but_a_column_of_only_zero_and_one_stays_integer()
    {
        var words = await IngestColumnAsync("flag", ["Yes", "no", "Y", "да", "1"]);
        Assert.Equal(ColumnType.Boolean, words.Column.Type);
        Assert.Equal(["true", "false", "true", "true", "true"], words.Json);

        var bits = await IngestColumnAsync("bit", ["0", "1", "1", "0"]);
        Assert.Equal(ColumnType.Integer, bits.Column.Type);
    }

    [Fact]
    public async Task Dotted_day_month_year_dates_become_iso_dates()
    {
        var view = await IngestColumnAsync("day", ["31.12.2024", "01.02.2023", "5.6.2022"]);

        Assert.Equal(ColumnType.Date, view.Column.Type);
        Assert.Equal(["\"2024-12-31\"", "\"2023-02-01\"", "\"2022-06-05\""], view.Json);
    }

    [Fact]
    public async Task Slash_dates_are_read_day_first_when_a_first_part_exceeds_twelve()
    {
        var dayFirst = await IngestColumnAsync("d", ["03/04/2024", "25/12/2024"]);
        Assert.Equal(["\"2024-04-03\"", "\"2024-12-25\""], dayFirst.Json);

        var monthFirst = await IngestColumnAsync("d", ["03/04/2024", "12/25/2024"]);
        Assert.Equal(["\"2024-03-04\"", "\"2024-12-25\""], monthFirst.Json);
    }

    [Fact]
    public async Task Iso_timestamps_become_datetimes_and_keep_their_offset()
    {
        var view = await IngestColumnAsync("at", ["2024-05-01T10:20:30Z", "2024-05-02 08:00", "2024-05-03"]);

        Assert.Equal(ColumnType.DateTime, view.Column.Type);
        Assert.Equal(["\"2024-05-01T10:20:30+00:00\"", "\"2024-05-02T08:00:00\"", "\"2024-05-03T00:00:00\""], view.Json);
    }

    [Fact]
    public async Task Unix_timestamps_in_a_time_named_column_become_utc_datetimes()
    {
        var seconds = await IngestColumnAsync("event_time", ["1700000000", "1700003600"]);
        Assert.Equal(ColumnType.DateTime, seconds.Column.Type);
        Assert.Equal(["\"2023-11-14T22:13:20+00:00\"", "\"2023-11-14T23:13:20+00:00\""], seconds.Json);

        var milliseconds = await IngestColumnAsync("createdAt", ["1700000000123", "1700000001000"]);
        Assert.Equal(ColumnType.DateTime, milliseconds.Column.Type);
        Assert.Equal("\"2023-11-14T22:13:20.123+00:00\"", milliseconds.Json[0]);

        // The same numbers under a name that says nothing about time stay numbers: they might be order numbers.
        var plain = await IngestColumnAsync("order_number", ["1700000000", "1700003600"]);
        Assert.Equal(ColumnType.Integer, plain.Column.Type);
        var late = await IngestColumnAsync("ts", ["1700000000", "99"]);
        Assert.Equal(ColumnType.Integer, late.Column.Type);
    }

    [Fact]
    public async Task Few_distinct_strings_are_categorical_and_many_varied_strings_are_text()
    {
        var categorical = await IngestColumnAsync("plan", Enumerable.Range(0, 60).Select(i => (i % 3) switch { 0 => "basic", 1 => "pro", _ => "team" }));
        Assert.Equal(ColumnType.Categorical, categorical.Column.Type);

        var text = await IngestColumnAsync("comment", Enumerable.Range(0, 60).Select(i => $"customer said thing number {i % 40}"));
        Assert.Equal(ColumnType.Text, text.Column.Type);
    }

    [Fact]
    public async Task A_unique_code_column_is_an_identifier_with_the_identifier_role()
    {
        var view = await IngestColumnAsync("customerID", Enumerable.Range(0, 30).Select(i => $"{1000 + i}-AB{i:00}"));

        Assert.Equal(ColumnType.Identifier, view.Column.Type);
        Assert.Equal(ColumnRole.Identifier, view.Column.Role);
        Assert.Equal("\"1000-AB00\"", view.Json[0]);
    }

    [Fact]
    public async Task A_unique_integer_column_named_like_an_id_is_an_identifier_but_a_unique_measure_is_not()
    {
        var id = await IngestColumnAsync("order_id", Enumerable.Range(0, 30).Select(i => (i * 7 + 11).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(ColumnType.Identifier, id.Column.Type);

        var measure = await IngestColumnAsync("revenue", Enumerable.Range(0, 30).Select(i => (i * 7 + 11).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(ColumnType.Integer, measure.Column.Type);
    }

    [Fact]
    public async Task Missing_tokens_become_null_and_make_the_column_nullable()
    {
        var view = await IngestColumnAsync("v", ["1", "NA", " n/a ", "null", "None", "-", "?", "#N/A", "NaN", "", "2"]);

        Assert.Equal(ColumnType.Integer, view.Column.Type);
        Assert.True(view.Column.Nullable);
        Assert.Equal("1,null,null,null,null,null,null,null,null,null,2", string.Join(",", view.Json));
    }

    [Fact]
    public async Task Values_are_trimmed_and_a_column_without_missing_values_is_not_nullable()
    {
        var view = await IngestColumnAsync("v", ["  7 ", "8"]);

        Assert.False(view.Column.Nullable);
        Assert.Equal(["7", "8"], view.Json);
    }

    [Fact]
    public async Task One_value_that_is_not_a_number_widens_the_column_and_no_value_is_lost()
    {
        var view = await IngestColumnAsync("v", ["1.5", "2.5", "n/k", "3"]);

        Assert.Equal(ColumnType.Categorical, view.Column.Type);
        Assert.Equal(["\"1.5\"", "\"2.5\"", "\"n/k\"", "\"3\""], view.Json);
    }

    [Fact]
    public async Task Leading_zeros_keep_a_code_column_as_strings()
    {
        var view = await IngestColumnAsync("zip", ["01234", "00501", "12345"]);

        Assert.Equal(ColumnType.Categorical, view.Column.Type);
        Assert.Equal("\"01234\"", view.Json[0]);
    }
}
