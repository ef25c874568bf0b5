using Augur.Data.Schema;
using Augur.Learning.Features;

namespace Augur.Learning.Bundles;

/// <summary>
/// The part of a bundle that only serving reads: how raw rows are encoded, the target's original type, and every
/// column of the training table (identifiers sent along with a row are expected, not unknown).
/// </summary>
internal sealed record BundleSpec(ColumnType TargetType, FeaturePlan Features, IReadOnlyList<string> TableColumns);
