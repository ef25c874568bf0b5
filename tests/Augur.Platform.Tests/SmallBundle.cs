using System.Globalization;
using System.Text;
using Augur.Data.Ingestion;
using Augur.Learning.Training;
using Augur.Testing;

namespace Augur.Platform.Tests;

/// <summary>One real bundle, trained once (one trial on 400 generated rows) for the tests that load or score with it.</summary>
public sealed class SmallBundle : IAsyncLifetime
{
    public byte[] Bytes { get; private set; } = [];

    public async Task InitializeAsync()
    {
        using var dir = new TempDirectory();
        var (outcome, _) = await TrainAsync(dir.Path);
        using var bytes = new MemoryStream();
        await outcome.Bundle.SaveAsync(bytes, CancellationToken.None);
        outcome.Bundle.Dispose();
        Bytes = bytes.ToArray();
    }

    /// <summary>Trains the bundle's model in <paramref name="directory"/>; the caller disposes the outcome's bundle.</summary>
    /// <returns>The outcome and the clean JSONL it was trained on.</returns>
    public static async Task<(TrainingOutcome Outcome, string DataPath)> TrainAsync(string directory)
    {
        var request = await RequestAsync(directory);
        return (await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None), request.DataPath);
    }

    /// <summary>The bundle's training request (one trial, a minute) on 400 generated rows, ingested in <paramref name="directory"/>.</summary>
    public static async Task<TrainingRequest> RequestAsync(string directory)
    {
        var csv = Path.Combine(directory, "customers.csv");
        var text = new StringBuilder("id,age,income,plan,churned\n");
        var random = new Random(7);
        for (var i = 0; i < 400; i++)
        {
            var age = random.Next(18, 80);
            var income = Math.Round(random.NextDouble() * 100, 1);
            var plan = new[] { "basic", "plus", "pro" }[random.Next(3)];
            var churned = income + random.Next(-20, 20) < 45 ? "yes" : "no";
            text.Append(CultureInfo.InvariantCulture, $"c{i},{age},{income},{plan},{churned}\n");
        }

        await File.WriteAllTextAsync(csv, text.ToString());
        var table = (await new Ingestor(new IngestOptions()).IngestAsync(csv, Path.Combine(directory, "clean"), CancellationToken.None)).Tables[0];
        return new TrainingRequest(table.JsonlPath, table.Schema, "churned") { MaxTrials = 1, Budget = TimeSpan.FromSeconds(60) };
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>A row of the training file's shape (without its target) as CSV: id, age, income, plan.</summary>
    public static string Row(int i) => string.Create(CultureInfo.InvariantCulture, $"c{i},{18 + (i % 60)},{(i * 7) % 100}.5,{new[] { "basic", "plus", "pro" }[i % 3]}");
}
