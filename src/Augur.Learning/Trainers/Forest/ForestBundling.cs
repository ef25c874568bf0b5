using Augur.Learning.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Augur.Learning.Trainers.Forest;

/// <summary>
/// Cuts a model that ends in an extra-trees forest into the part ML.NET saves (the features) and the forest, which is
/// saved on its own (<see cref="ExtraTreesModel.Write"/>), and puts them back together after loading.
/// </summary>
internal static class ForestBundling
{
    /// <summary>The steps before the forest and the forest, or the model itself and null when it has no forest.</summary>
    public static (ITransformer Features, ExtraTreesTransformer? Forest) Split(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var steps = Flatten(model).ToList();
        if (steps.Count == 0 || steps[^1] is not ExtraTreesTransformer forest)
        {
            return (model, null);
        }

        return (new TransformerChain<ITransformer>([.. steps[..^1]]), forest);
    }

    /// <summary>The loaded features half followed by the forest read from <paramref name="forest"/>.</summary>
    /// <exception cref="InvalidDataException">The stream does not hold a forest.</exception>
    public static ITransformer Join(MLContext ml, TaskKind task, ITransformer features, Stream forest)
    {
        ArgumentNullException.ThrowIfNull(features);
        var trees = new ExtraTreesTransformer(ml, task, ExtraTreesModel.Read(forest));
        return new TransformerChain<ITransformer>([.. Flatten(features), trees]);
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [transformer];
}
