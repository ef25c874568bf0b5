using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Augur.Bench.Tracking;
using Augur.Data;
using Augur.Learning.Training;
using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Augur.Platform.Experiments;
using Augur.Platform.Paging;
using Augur.Platform.Projects;
using Augur.Platform.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

// Usage: dotnet run -c Release --project bench/Tracking -- [sqlite|postgres] [repeats]
// PostgreSQL: AUGUR_TEST_POSTGRES is the server's connection string; a database is created and dropped.
var provider = args.Length > 0 ? args[0] : "sqlite";
var repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
const int BigRunTrials = 5_000;
const int SmallRuns = 100;
const int SmallRunTrials = 50;
const double TargetMs = 200;

var dataDirectory = Path.Combine(Path.GetTempPath(), "augur-bench-tracking-" + Guid.NewGuid().ToString("N"));
var paths = new AugurPaths(Options.Create(new AugurOptions { DataDirectory = dataDirectory }));
Directory.CreateDirectory(paths.Root);
var database = new DatabaseOptions();
string? postgresName = null;
var server = Environment.GetEnvironmentVariable("AUGUR_TEST_POSTGRES");
if (provider == "postgres")
{
    if (server is null)
    {
        Console.Error.WriteLine("Set AUGUR_TEST_POSTGRES to a PostgreSQL server's connection string.");
        return 2;
    }

    postgresName = "augur_bench_" + Guid.NewGuid().ToString("N")[..12];
    await using (var connection = new NpgsqlConnection(server))
    {
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {postgresName}", connection);
        await create.ExecuteNonQueryAsync();
    }

    database = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = postgresName }.ConnectionString };
}

var contextOptions = new DbContextOptionsBuilder<AugurDbContext>();
DatabaseSetup.Configure(contextOptions, database, paths);
AugurDbContext NewContext() => new(contextOptions.Options);

try
{
    await using (var db = NewContext())
    {
        await db.Database.MigrateAsync();
    }

    var seeding = Stopwatch.StartNew();
    var seeder = new Seeder(NewContext, seed: 7);
    await seeder.SeedAsync(BigRunTrials, SmallRuns, SmallRunTrials);
    seeding.Stop();
    await using (var db = NewContext())
    {
        Console.WriteLine($"Seeded {await db.Trials.CountAsync():N0} trials ({await db.TrialMetrics.CountAsync():N0} metric rows) in {await db.TrainingRuns.CountAsync()} runs on {provider} in {seeding.Elapsed.TotalSeconds:0.0} s.");
        // Fresh planner statistics, as autovacuum (PostgreSQL) or the optimize pragma (SQLite) keep after a bulk load.
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }

    var owner = seeder.Owner;
    var projectId = seeder.ProjectId;
    var big = seeder.RunIds[0];
    var small = seeder.RunIds[^1];
    var compared = seeder.RunIds.Take(5).ToList();
    var page = new PageRequest(0, 50);

    // Each call gets a fresh DbContext, as each HTTP request does; the services are the ones the API calls.
    async Task<int> Trials(Guid run, TrialQuery query, PageRequest request)
    {
        await using var db = NewContext();
        return (await Experiments(db).ListTrialsAsync(owner, projectId, run, query, request, CancellationToken.None)).Items.Count;
    }

    async Task<int> Board(TrialQuery query, PageRequest request)
    {
        await using var db = NewContext();
        return (await Experiments(db).LeaderboardAsync(owner, projectId, query, request, CancellationToken.None)).Items.Count;
    }

    async Task<int> Naive(Guid? run, string? trainer)
    {
        // The naive approach (what a blob of every trial forced): read all the trials, parse, filter and sort in memory.
        await using var db = NewContext();
        await new ProjectService(db, TimeProvider.System).RequireAsync(owner, projectId, ProjectRole.Viewer, CancellationToken.None);
        var trials = await db.Trials.AsNoTracking().Where(t => t.ProjectId == projectId && (run == null || t.RunId == run)).ToListAsync();
        return trials
            .Select(t => (Trial: t, Metrics: JsonSerializer.Deserialize<Dictionary<string, double>>(t.MetricsJson, AugurJson.Options)!))
            .Where(t => trainer == null || t.Trial.Trainer == trainer)
            .OrderByDescending(t => t.Metrics.GetValueOrDefault("auc", double.NegativeInfinity))
            .Take(50).Count();
    }

    var cases = new (string Name, Func<Task<int>> Call, bool Peer)[]
    {
        ("runs: newest page (100+1 runs)", async () =>
        {
            await using var db = NewContext();
            return (await Training(db).ListAsync(owner, projectId, page, CancellationToken.None)).Items.Count;
        }, false),
        ("project page: newest runs (up to 200)", async () =>
        {
            await using var db = NewContext();
            // What the project page reads when it opens: every card of the newest 200 runs.
            return (await Training(db).ListAsync(owner, projectId, CancellationToken.None)).Count;
        }, false),
        ("large run (5,000 trials): best AUC, page 1", () => Trials(big, new TrialQuery(), page), false),
        ("large run: best AUC, offset 4,000", () => Trials(big, new TrialQuery(), new PageRequest(4_000, 50)), false),
        ("large run: trainer + status filter, by duration", () => Trials(big, new TrialQuery(Sort: "duration", Trainer: "LightGbm", Status: TrialStatus.Succeeded), page), false),
        ("large run: AUC between 0.80 and 0.85", () => Trials(big, new TrialQuery(Min: 0.80, Max: 0.85), page), false),
        ("large run: by trial number", () => Trials(big, new TrialQuery(Sort: "number"), page), false),
        ("small run (50 trials): best AUC", () => Trials(small, new TrialQuery(), page), false),
        ("leaderboard (10,000 trials): best AUC, page 1", () => Board(new TrialQuery(Metric: "auc"), page), false),
        ("leaderboard: best AUC, offset 8,000", () => Board(new TrialQuery(Metric: "auc"), new PageRequest(8_000, 50)), false),
        ("leaderboard: trainer filter, by logLoss", () => Board(new TrialQuery(Metric: "logLoss", Trainer: "LightGbm"), page), false),
        ("leaderboard: default metric (looked up)", () => Board(new TrialQuery(), page), false),
        ("study step: the large run's trials as its workers read them", async () =>
        {
            await using var db = NewContext();
            return (await StudyTrial.ReadAsync(db, big, CancellationToken.None)).Count;
        }, false),
        ("peer, as before: the same trials read whole and tracked", async () =>
        {
            // What every step of a study read until session 17: whole rows (logs, parameters, fold metrics), tracked.
            await using var db = NewContext();
            return (await db.Trials.Where(t => t.RunId == big).ToListAsync()).Select(StudyTrial.From).Count();
        }, true),
        ("compare 5 runs", async () =>
        {
            await using var db = NewContext();
            return (await Experiments(db).CompareAsync(owner, projectId, compared, CancellationToken.None)).Count;
        }, false),
        ("peer, naive: leaderboard, all trials sorted in memory", () => Naive(null, null), true),
        ("peer, naive: same, trainer filter", () => Naive(null, "LightGbm"), true),
        ("peer, naive: large run, all its trials in memory", () => Naive(big, null), true),
    };

    Console.WriteLine();
    Console.WriteLine($"| query ({provider}, {repeats} calls each) | p50 ms | p95 ms | max ms | rows | under {TargetMs} ms |");
    Console.WriteLine("|---|---|---|---|---|---|");
    var failed = false;
    foreach (var (name, call, peer) in cases)
    {
        var rows = 0;
        for (var i = 0; i < 3; i++)
        {
            rows = await call();
        }

        var times = new List<double>(repeats);
        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            await call();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        var p95 = Percentile(times, 0.95);
        var ok = p95 < TargetMs;
        failed |= !ok && !peer;
        Console.WriteLine($"| {name} | {Percentile(times, 0.5):0.0} | {p95:0.0} | {times[^1]:0.0} | {rows} | {(peer ? "(peer)" : ok ? "yes" : "**no**")} |");
    }

    return failed ? 1 : 0;
}
finally
{
    NpgsqlConnection.ClearAllPools();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    if (postgresName is not null && server is not null)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresName} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    Directory.Delete(dataDirectory, recursive: true);
}

static ExperimentService Experiments(AugurDbContext db) => new(db, new ProjectService(db, TimeProvider.System));

// Listing runs never schedules anything, so the training service gets no scheduler.
static TrainingService Training(AugurDbContext db) => new(db, new ProjectService(db, TimeProvider.System), null!, TimeProvider.System, Options.Create(new AugurOptions()));

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
