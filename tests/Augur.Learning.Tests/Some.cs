using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Data.Schema;
using Augur.Learning.Training;
using Augur.Testing;

namespace Augur.Learning.Tests;

/// <summary>Small synthetic datasets written as JSONL plus schema to a temporary folder.</summary>
internal static class Some
{
    private static readonly string[] Targets = ["churn", "spend", "tier"];

    // One folder for the whole test run, removed when the test process exits, so that hundreds of small
    // datasets do not pile up in /tmp run after run.
    private static readonly Lazy<TempDirectory> RunFolder = new(() =>
    {
        var folder = new TempDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        return folder;
    });

    public static readonly TableSchema Schema = new(0,
    [
        new("id", ColumnType.Identifier, false, ColumnRole.Identifier),
        new("age", ColumnType.Integer, false, ColumnRole.Feature),
        new("income", ColumnType.Number, true, ColumnRole.Feature),
        new("plan", ColumnType.Categorical, false, ColumnRole.Feature),
        new("active", ColumnType.Boolean, false, ColumnRole.Feature),
        new("signup", ColumnType.Date, true, ColumnRole.Feature),
        new("churn", ColumnType.Categorical, false, ColumnRole.Feature),
        new("spend", ColumnType.Number, false, ColumnRole.Feature),
        new("tier", ColumnType.Categorical, false, ColumnRole.Feature),
    ]);

    /// <summary>
    /// churn depends on income and plan; spend on age and plan; tier on income. Every 20th income is missing.
    /// </summary>
    public static List<JsonObject> Rows(int count, int seed = 7)
    {
        var random = new Random(seed);
        string[] plans = ["basic", "plus", "pro"];
        var rows = new List<JsonObject>(count);
        for (var i = 0; i < count; i++)
        {
            var age = random.Next(18, 80);
            var income = 20 + (random.NextDouble() * 60);
            var plan = plans[random.Next(plans.Length)];
            var planEffect = plan switch { "basic" => 1.5, "pro" => -1.5, _ => 0.0 };
            var churn = random.NextDouble() < 1 / (1 + Math.Exp(-(((income - 50) / 6) + planEffect)));
            var spend = (3 * age) + (planEffect * 20) + (random.NextDouble() * 10);
            var tier = income < 40 ? "low" : income < 60 ? "mid" : "high";
            rows.Add(new JsonObject
            {
                ["id"] = $"C{i:D5}",
                ["age"] = age,
                ["income"] = i % 20 == 0 ? null : Math.Round(income, 2),
                ["plan"] = plan,
                ["active"] = random.NextDouble() < 0.5,
                ["signup"] = new DateTime(2020, 1, 1).AddDays(random.Next(1000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["churn"] = churn ? "Yes" : "No",
                ["spend"] = Math.Round(spend, 2),
                ["tier"] = tier,
            });
        }

        return rows;
    }

    public static string WriteJsonl(IEnumerable<JsonObject> rows)
    {
        var folder = Directory.CreateDirectory(RunFolder.Value.Combine(Guid.NewGuid().ToString("N")));
        var path = Path.Combine(folder.FullName, "data.jsonl");
        File.WriteAllLines(path, rows.Select(r => r.ToJsonString()));
        return path;
    }

    /// <summary>A request on synthetic data that ignores the other targets, so they do not leak.</summary>
    public static TrainingRequest Request(string target, int rows = 600, int maxTrials = 2, int seed = 42)
    {
        var others = Targets.Where(t => t != target).ToHashSet();
        var schema = Schema with
        {
            Rows = rows,
            Columns = [.. Schema.Columns.Select(c => others.Contains(c.Name) ? c with { Role = ColumnRole.Ignored } : c)],
        };
        return new TrainingRequest(WriteJsonl(Rows(rows)), schema, target)
        {
            Budget = TimeSpan.FromMinutes(5),
            MaxTrials = maxTrials,
            Seed = seed,
        };
    }

    public static JsonObject Customer(double income = 70, string plan = "basic") => new()
    {
        ["id"] = "X1",
        ["age"] = 40,
        ["income"] = income,
        ["plan"] = plan,
        ["active"] = true,
        ["signup"] = "2021-03-04",
    };
}
