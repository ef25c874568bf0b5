using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using Augur.Platform.Scoring;
using Augur.Testing;

namespace Augur.Platform.Tests.Scoring;

/// <summary>
/// A file of several batches, read, predicted and written on overlapping tasks: every row is answered in its place with
/// the row path's answer, and the rows that cannot be scored or read are reported with their row or line.
/// </summary>
public sealed class BatchScorerTests(SmallBundle bundle) : IClassFixture<SmallBundle>, IDisposable
{
    // More than two batches of 16,384 rows and a part batch, so that batches are in flight together.
    private const int Rows = 40_000;
    private const int BadRow = 20_000;
    private const int UnreadableAfter = 30_000;

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Every_row_of_a_file_of_several_batches_is_answered_in_order_as_the_row_path_answers_it()
    {
        using var model = await ModelBundle.LoadAsync(new MemoryStream(bundle.Bytes), CancellationToken.None);
        var input = await WriteInputAsync(withBadRow: true);
        var request = new BatchScoringRequest(input, _dir.Path, Path.Combine(_dir.Path, "scored.csv"), ScoringFormat.Csv)
        {
            RejectsPath = Path.Combine(_dir.Path, "rejects.csv"),
        };

        var outcome = await BatchScorer.ScoreAsync(model, request, null, CancellationToken.None);

        Assert.Equal(Rows - 1, outcome.RowsScored);
        Assert.Equal(2, outcome.RowsRejected);
        var lines = await File.ReadAllLinesAsync(request.OutputPath);
        Assert.Equal(Rows, lines.Length);
        Assert.StartsWith("id,prediction,", lines[0], StringComparison.Ordinal);
        var expected = Enumerable.Range(0, Rows).Where(i => i != BadRow).ToList();
        Assert.Equal(expected.Select(i => $"c{i}"), lines.Skip(1).Select(l => l[..l.IndexOf(',', StringComparison.Ordinal)]));

        // Every 97th row against the row path, one engine call per row, as the CSV writer formats it.
        var sample = expected.Where(i => i % 97 == 0).ToList();
        var answers = model.PredictEach([.. sample.Select(AsJson)]);
        for (var k = 0; k < sample.Count; k++)
        {
            var prediction = answers[k].Prediction!;
            var text = string.Join(',', [
                $"c{sample[k]}",
                prediction.Prediction!.ToString(),
                .. model.Info.Labels.Select(l => prediction.Probabilities![l].ToString("0.######", CultureInfo.InvariantCulture))]);
            Assert.Equal(text, lines[expected.IndexOf(sample[k]) + 1]);
        }

        var rejects = await File.ReadAllLinesAsync(request.RejectsPath);
        Assert.Equal("row,line,field,reason", rejects[0]);
        Assert.Contains(rejects, r => r.StartsWith($"{BadRow + 1},,age,", StringComparison.Ordinal));
        Assert.Contains(rejects, r => r.StartsWith($",{UnreadableAfter + 3},,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_rejects_file_a_bad_row_in_a_later_batch_fails_the_scoring_naming_its_row_and_column()
    {
        using var model = await ModelBundle.LoadAsync(new MemoryStream(bundle.Bytes), CancellationToken.None);
        var input = await WriteInputAsync(withBadRow: true);
        var request = new BatchScoringRequest(input, _dir.Path, Path.Combine(_dir.Path, "scored.csv"), ScoringFormat.Csv);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => BatchScorer.ScoreAsync(model, request, null, CancellationToken.None));

        var only = Assert.Single(error.Errors);
        Assert.Equal(BadRow, only.Row);
        Assert.Equal("age", only.Field);
    }

    private static JsonObject AsJson(int i)
    {
        var cells = SmallBundle.Row(i).Split(',');
        return new JsonObject
        {
            ["id"] = cells[0],
            ["age"] = long.Parse(cells[1], CultureInfo.InvariantCulture),
            ["income"] = double.Parse(cells[2], CultureInfo.InvariantCulture),
            ["plan"] = cells[3],
        };
    }

    private async Task<string> WriteInputAsync(bool withBadRow)
    {
        var text = new StringBuilder("id,age,income,plan\n");
        for (var i = 0; i < Rows; i++)
        {
            text.Append(withBadRow && i == BadRow ? $"c{i},abc,10.5,basic" : SmallBundle.Row(i)).Append('\n');
            if (i == UnreadableAfter)
            {
                // Line UnreadableAfter + 3 of the file (after the header and the rows 0 to UnreadableAfter): too many fields.
                text.Append("x,1,2,3,4,5,6,7\n");
            }
        }

        var path = Path.Combine(_dir.Path, "customers.csv");
        await File.WriteAllTextAsync(path, text.ToString());
        return path;
    }

    public void Dispose() => _dir.Dispose();
}
