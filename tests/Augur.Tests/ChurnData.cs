using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Data.Schema;
using Augur.Learning.Training;

namespace Augur.Tests;

/// <summary>A small synthetic churn table (churn depends on income and plan) written as clean JSONL, and a request on it.</summary>
internal static class ChurnData
{
    private static readonly TableSchema Schema = new(0,
    [
        new("id", ColumnType.Identifier, false, ColumnRole.Identifier),
        new("age", ColumnType.Integer, false, ColumnRole.Feature),
        new("income", ColumnType.Number, false, ColumnRole.Feature),
        new("plan", ColumnType.Categorical, false, ColumnRole.Feature),
        new("churn", ColumnType.Categorical, false, ColumnRole.Feature),
    ]);

    public static TrainingRequest Request(string folder, int rows, int maxTrials)
    {
        var path = Path.Combine(folder, "churn.jsonl");
        File.WriteAllLines(path, Rows(rows).Select(r => r.ToJsonString()));
        return new TrainingRequest(path, Schema with { Rows = rows }, "churn")
        {
            Budget = TimeSpan.FromMinutes(5),
            MaxTrials = maxTrials,
            Seed = 42,
        };
    }

    /// <summary>The same table as a CSV upload.</summary>
    public static byte[] Csv(int rows) =>
        System.Text.Encoding.UTF8.GetBytes(string.Join('\n', ["id,age,income,plan,churn", .. Rows(rows).Select(r =>
            string.Join(',', r.Select(p => p.Value!.ToJsonString().Trim('"'))))]) + "\n");

    private static List<JsonObject> Rows(int rows)
    {
        var random = new Random(7);
        string[] plans = ["basic", "plus", "pro"];
        return Enumerable.Range(0, rows).Select(i =>
        {
            var income = 20 + (random.NextDouble() * 60);
            var plan = plans[random.Next(plans.Length)];
            var effect = plan switch { "basic" => 1.5, "pro" => -1.5, _ => 0.0 };
            var churn = random.NextDouble() < 1 / (1 + Math.Exp(-(((income - 50) / 6) + effect)));
            return new JsonObject
            {
                ["id"] = string.Create(CultureInfo.InvariantCulture, $"C{i:D5}"),
                ["age"] = random.Next(18, 80),
                ["income"] = Math.Round(income, 2),
                ["plan"] = plan,
                ["churn"] = churn ? "Yes" : "No",
            };
        }).ToList();
    }
}
