using Augur.Recommend.Evaluation;
using Augur.Recommend.Models;

namespace Augur.Recommend.Ranking;

/// <summary>Hands the item catalogue to the models that use it (the ranker), and measures what it adds.</summary>
public static class CatalogueUse
{
    public const string WithoutSuffix = " (no catalogue)";

    /// <summary>The model, given the catalogue when it is a ranker; other models ignore it.</summary>
    public static Recommender WithCatalogue(this Recommender model, ItemAttributes? catalogue)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is RankerRecommender ranker)
        {
            ranker.Catalogue = catalogue;
        }

        return model;
    }

    /// <summary>Whether a validation should also report the model without the catalogue, to show what it adds.</summary>
    public static bool Compares(Recommender model, ItemAttributes? catalogue) => catalogue is not null && model is RankerRecommender;

    public static EvaluationReport Without(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report with { Model = report.Model + WithoutSuffix };
    }
}
