using Augur.Data.Schema;

namespace Augur.Learning.Features;

/// <summary>One input column and where its values go: <see cref="Slot"/> is the first index in its vector of <see cref="FeatureRow"/>.</summary>
public sealed record FeatureInput(ColumnSchema Column, FeatureEncoding Encoding, int Slot);
