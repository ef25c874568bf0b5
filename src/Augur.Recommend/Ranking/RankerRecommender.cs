using Augur.Recommend.Data;
using Augur.Recommend.Models;
using Microsoft.ML;

namespace Augur.Recommend.Ranking;

/// <summary>
/// Two stages: EASE (or SAR past EASE's item limit), ALS and SAR propose candidates, and a LightGBM LambdaRank
/// model orders them. The ranker learns from a local time split of the training data: generators fitted on the
/// first 80% of it propose candidates, labelled by the last 20%, so the ranker never sees the events its
/// candidates were generated from. For serving, the generators are refitted on all the training data.
/// </summary>
public sealed class RankerRecommender : Recommender
{
    private readonly object _engineLock = new();
    private Recommender[] _generators = [];
    private CandidateFeatures? _features;
    private byte[] _rankerBytes = [];
    private PredictionEngine<RankInput, RankScore>? _engine;

    public override string Name => "ranker";

    public int Seed { get; set; } = 42;

    /// <summary>The item catalogue's categories and prices, set before fitting; it travels in the bundle.</summary>
    public ItemAttributes? Catalogue { get; set; }

    public int Trees { get; set; } = 100;

    /// <summary>Users sampled to train the ranker; more costs time, not accuracy, past a few thousand.</summary>
    public int MaxTrainingUsers { get; set; } = 5_000;

    private string[] GeneratorNames() =>
        Train.ItemCount <= EaseRecommender.MaxItems ? ["ease", "als", "sar"] : ["sar", "als", "recent-popularity"];

    private Recommender[] FitGenerators(InteractionMatrix matrix, CancellationToken cancellationToken)
    {
        var generators = GeneratorNames().Select(name => RecommenderFactory.Create(name)).ToArray();
        foreach (var generator in generators)
        {
            generator.Fit(matrix, cancellationToken);
        }

        return generators;
    }

    protected override void FitCore(CancellationToken cancellationToken)
    {
        var cut = MatrixSlice.TimeQuantile(Train, 0.8);
        var early = MatrixSlice.Where(Train, t => t < cut);
        var late = MatrixSlice.Where(Train, t => t >= cut);
        var features = new CandidateFeatures(early, FitGenerators(early, cancellationToken), Catalogue);
        var random = new Random(Seed);
        var users = Enumerable.Range(0, Train.UserCount)
            .Where(u => late.ItemsOf(u).Length > 0 && early.ItemsOf(u).Length > 0)
            .OrderBy(_ => random.Next()).Take(MaxTrainingUsers).Order().ToArray();
        var groups = new List<RankRow>[users.Length];
        Parallel.For(0, users.Length, new ParallelOptions { CancellationToken = cancellationToken }, j =>
        {
            var positives = late.ItemsOf(users[j]).ToArray();
            var rows = features.For(users[j]).Select(c => new RankRow
            {
                Label = Array.BinarySearch(positives, c.Item) >= 0 ? 1 : 0,
                Group = (uint)users[j],
                Features = c.Features,
            }).ToList();

            // A user none of whose candidates was bought teaches LambdaRank nothing.
            groups[j] = rows.Exists(r => r.Label > 0) ? rows : [];
        });

        var training = groups.SelectMany(g => g).ToList();
        if (training.Count == 0)
        {
            throw new InvalidOperationException("The ranker found no user whose later events appear among the candidates; there is too little data to train it.");
        }

        var ml = new MLContext(Seed);
        // ML.NET keeps CancelExecution internal (Augur.Learning reaches it by reflection); this fit takes seconds,
        // so cancellation is checked before and after it.
        cancellationToken.ThrowIfCancellationRequested();
        var pipeline = ml.Transforms.Conversion.MapValueToKey("GroupKey", nameof(RankRow.Group))
            .Append(ml.Ranking.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmRankingTrainer.Options
            {
                LabelColumnName = nameof(RankRow.Label),
                FeatureColumnName = nameof(RankRow.Features),
                RowGroupColumnName = "GroupKey",
                NumberOfIterations = Trees,
                LearningRate = 0.05,
                NumberOfLeaves = 31,
                MinimumExampleCountPerLeaf = 20,
                Seed = Seed,
                NumberOfThreads = Environment.ProcessorCount,
            }));
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(training));
        using (var stream = new MemoryStream())
        {
            var input = ml.Data.LoadFromEnumerable(Array.Empty<RankInput>()).Schema;
            ml.Model.Save(model.LastTransformer, input, stream);
            _rankerBytes = stream.ToArray();
        }

        _generators = FitGenerators(Train, cancellationToken);
        Ready();
    }

    private void Ready()
    {
        _features = new CandidateFeatures(Train, _generators, Catalogue);
        var ml = new MLContext(Seed);
        using var stream = new MemoryStream(_rankerBytes);
        var ranker = ml.Model.Load(stream, out _);
        _engine = ml.Model.CreatePredictionEngine<RankInput, RankScore>(ranker);
    }

    protected override void ScoreUser(int user, Span<float> scores)
    {
        scores.Fill(float.NegativeInfinity);
        foreach (var (item, features) in _features!.For(user))
        {
            lock (_engineLock)
            {
                scores[item] = _engine!.Predict(new RankInput { Features = features }).Score;
            }
        }
    }

    public override string Reason(int user, int item) => _generators[0].Reason(user, item);

    protected override void ScoreSimilar(int item, Span<float> scores)
    {
        var similar = _generators[0].SimilarItems(item, scores.Length);
        scores.Fill(float.NegativeInfinity);
        foreach (var s in similar)
        {
            scores[s.Item] = s.Score;
        }
    }

    internal override void WriteState(BinaryWriter writer)
    {
        writer.Write(_generators.Length);
        foreach (var generator in _generators)
        {
            writer.Write(generator.Name);
            generator.WriteState(writer);
        }

        writer.Write(_rankerBytes.Length);
        writer.Write(_rankerBytes);
        writer.Write(Catalogue is not null);
        Catalogue?.Write(writer);
    }

    internal override void ReadState(BinaryReader reader)
    {
        _generators = new Recommender[reader.ReadInt32()];
        for (var g = 0; g < _generators.Length; g++)
        {
            _generators[g] = RecommenderFactory.Create(reader.ReadString());
            _generators[g].Attach(Train);
            _generators[g].ReadState(reader);
        }

        _rankerBytes = reader.ReadBytes(reader.ReadInt32());
        Catalogue = reader.ReadBoolean() ? ItemAttributes.Read(reader) : null;
        Ready();
    }
}
