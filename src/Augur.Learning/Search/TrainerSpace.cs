namespace Augur.Learning.Search;

/// <summary>A trainer and the hyperparameters searched for it: a declarative search space, as in AutoML's CodeGen/*_search_space.json.</summary>
public sealed record TrainerSpace(string Trainer, IReadOnlyList<ParameterRange> Parameters)
{
    public IReadOnlyDictionary<string, double> Defaults() => Parameters.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal);
}
