using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Augur.Learning.Features;

/// <summary>Builds the ML.NET estimator that turns <see cref="FeatureRow"/> columns into one "Features" vector.</summary>
internal static class FeaturePipeline
{
    // The columns the pipeline writes; batch scoring (Bundles/DenseFeatures) reads the fitted parts back by these names.
    public const string FeaturesColumn = "Features";
    public const string NumbersFilled = "NumbersFilled";
    public const string NumbersMissing = "NumbersMissing";
    public const string CategoriesEncoded = "CategoriesEncoded";
    public const string HashedEncoded = "HashedEncoded";
    public const string TextFeatures = "TextFeatures";

    /// <summary>The columns concatenated into "Features", in their order (reason codes map slots back through this).</summary>
    /// <param name="targetEncoding">Whether high-cardinality columns enter as their target encodings rather than hashed.</param>
    public static IReadOnlyList<string> Parts(FeaturePlan plan, bool targetEncoding)
    {
        var parts = new List<string>();
        if (plan.NumberSlots > 0)
        {
            parts.Add(NumbersFilled);
            parts.Add(NumbersMissing);
        }

        if (plan.CategorySlots > 0)
        {
            parts.Add(CategoriesEncoded);
        }

        if (UsesTargetEncoding(plan, targetEncoding))
        {
            parts.Add(nameof(FeatureRow.Encoded));
        }
        else if (plan.HashedSlots > 0)
        {
            parts.Add(HashedEncoded);
        }

        if (plan.HasText)
        {
            parts.Add(TextFeatures);
        }

        return parts;
    }

    /// <summary>The trial parameter that picks target encoding (1) over hashing (0) for high-cardinality columns.</summary>
    public const string TargetEncodingParameter = "targetEncoding";

    public static bool UsesTargetEncoding(FeaturePlan plan, bool targetEncoding) => targetEncoding && plan.TargetEncodings.Count > 0;

    public static IEstimator<ITransformer> Build(MLContext ml, FeaturePlan plan, bool targetEncoding = false)
    {
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        if (plan.NumberSlots > 0)
        {
            pipeline = pipeline
                .Append(ml.Transforms.IndicateMissingValues("NumbersMissingFlags", nameof(FeatureRow.Numbers)))
                .Append(ml.Transforms.Conversion.ConvertType(NumbersMissing, "NumbersMissingFlags", DataKind.Single))
                .Append(ml.Transforms.ReplaceMissingValues(NumbersFilled, nameof(FeatureRow.Numbers), MissingValueReplacingEstimator.ReplacementMode.Mean));
        }

        if (plan.CategorySlots > 0)
        {
            // Values carry their column as a prefix, so a bag over one shared dictionary equals one one-hot per column.
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotEncoding(
                CategoriesEncoded, nameof(FeatureRow.Categories), OneHotEncodingEstimator.OutputKind.Bag));
        }

        if (plan.HashedSlots > 0 && !UsesTargetEncoding(plan, targetEncoding))
        {
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotHashEncoding(
                HashedEncoded, nameof(FeatureRow.Hashed), OneHotEncodingEstimator.OutputKind.Bag, numberOfBits: 12));
        }

        if (plan.HasText)
        {
            pipeline = pipeline.Append(ml.Transforms.Text.FeaturizeText(TextFeatures, nameof(FeatureRow.Text)));
        }

        return pipeline.Append(ml.Transforms.Concatenate(FeaturesColumn, [.. Parts(plan, targetEncoding)]));
    }
}
