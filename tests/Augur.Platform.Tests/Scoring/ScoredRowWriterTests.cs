using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using Augur.Learning.Training;
using Augur.Platform.Scoring;
using Augur.Platform.Scoring.Output;
using Augur.Testing;
using ExcelDataReader;

namespace Augur.Platform.Tests.Scoring;

public sealed class ScoredRowWriterTests
{
    private static readonly BundleInfo Churn = new("1", TaskKind.Binary, "Churn", "LightGbm", [], ["No", "Yes"], "auc", new Dictionary<string, double>(), DateTimeOffset.UnixEpoch, 42);

    private static readonly RowPrediction Yes = new(JsonValue.Create("Yes"), new Dictionary<string, double> { ["No"] = 0.25, ["Yes"] = 0.75 });

    /// <summary>A hostile customer id, a text cell that starts with '-', and a real negative number.</summary>
    private static JsonObject[] Rows() =>
    [
        new() { ["id"] = "=HYPERLINK(\"http://evil\",\"x\")", ["balance"] = -12.5, ["note"] = "@SUM(A1)" },
        new() { ["id"] = "+cmd|' /C calc'!A0", ["balance"] = 3, ["note"] = "-2+3" },
        new() { ["id"] = "C-1", ["balance"] = -7, ["note"] = "-5" },
    ];

    [Fact]
    public async Task Csv_neutralises_text_cells_that_start_a_formula_and_keeps_negative_numbers_as_numbers()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("out.csv");
        await WriteAsync(ScoringFormat.Csv, path);

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal("id,balance,note,prediction,probability_No,probability_Yes", lines[0]);
        Assert.Equal("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",-12.5,'@SUM(A1),Yes,0.25,0.75", lines[1]);
        Assert.Equal("'+cmd|' /C calc'!A0,3,'-2+3,Yes,0.25,0.75", lines[2]);
        // "-5" as text is a number to a spreadsheet, not a formula: left alone.
        Assert.Equal("C-1,-7,-5,Yes,0.25,0.75", lines[3]);
    }

    [Fact]
    public async Task Xlsx_neutralises_text_cells_and_writes_numbers_as_number_cells()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("out.xlsx");
        await WriteAsync(ScoringFormat.Xlsx, path);

        var sheets = ReadWorkbook(path);
        var sheet = Assert.Single(sheets);
        Assert.Equal("Predictions", sheet.TableName);
        Assert.Equal("'=HYPERLINK(\"http://evil\",\"x\")", sheet.Rows[1][0]);
        Assert.Equal(-12.5, sheet.Rows[1][1]);
        Assert.Equal("'@SUM(A1)", sheet.Rows[1][2]);
        Assert.Equal("'+cmd|' /C calc'!A0", sheet.Rows[2][0]);
        Assert.Equal(-7.0, sheet.Rows[3][1]);
        Assert.Equal("Yes", sheet.Rows[3][3]);
        Assert.Equal(0.75, sheet.Rows[3][5]);
    }

    [Fact]
    public async Task Xlsx_continues_on_a_new_sheet_with_its_own_header_when_a_sheet_is_full()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("out.xlsx");
        await WriteAsync(ScoringFormat.Xlsx, path, maxRowsPerSheet: 3);

        var sheets = ReadWorkbook(path);
        Assert.Equal(["Predictions", "Predictions 2"], sheets.Select(s => s.TableName));
        Assert.Equal(3, sheets[0].Rows.Count);
        Assert.Equal(2, sheets[1].Rows.Count);
        Assert.Equal("id", sheets[1].Rows[0][0]);
        Assert.Equal("C-1", sheets[1].Rows[1][0]);
    }

    [Fact]
    public async Task Jsonl_keeps_values_as_they_are_with_probabilities_by_label()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("out.jsonl");
        await WriteAsync(ScoringFormat.Jsonl, path);

        var first = JsonNode.Parse((await File.ReadAllLinesAsync(path))[0])!.AsObject();
        Assert.Equal("=HYPERLINK(\"http://evil\",\"x\")", (string?)first["id"]);
        Assert.Equal(-12.5, (double)first["balance"]!);
        Assert.Equal(0.75, (double)first["probabilities"]!["Yes"]!);
    }

    private static async Task WriteAsync(ScoringFormat format, string path, int maxRowsPerSheet = ScoredRowWriter.ExcelMaxRows)
    {
        await using var writer = ScoredRowWriter.Create(format, File.Create(path), ["id", "balance", "note"], Churn, maxRowsPerSheet);
        foreach (var row in Rows())
        {
            await writer.WriteAsync(row, Yes, CancellationToken.None);
        }

        await writer.FinishAsync(CancellationToken.None);
    }

    private sealed record Sheet(string TableName, List<object?[]> Rows);

    private static List<Sheet> ReadWorkbook(string path)
    {
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        using var stream = File.OpenRead(path);
        using var reader = ExcelReaderFactory.CreateReader(stream);
        var sheets = new List<Sheet>();
        do
        {
            var sheet = new Sheet(reader.Name, []);
            while (reader.Read())
            {
                sheet.Rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)]);
            }

            sheets.Add(sheet);
        }
        while (reader.NextResult());
        return sheets;
    }
}
