namespace Augur.Learning.Features;

/// <summary>How one input column becomes model features.</summary>
public enum FeatureEncoding
{
    /// <summary>One float slot; mean imputation plus a missing indicator.</summary>
    Numeric,

    /// <summary>One float slot holding 0 or 1.</summary>
    Boolean,

    /// <summary>Four float slots: year, month, day of week, days since 1970-01-01.</summary>
    Date,

    /// <summary>Five float slots: year, month, day of week, hour, days since 1970-01-01.</summary>
    DateTime,

    /// <summary>One-hot over the values seen in training.</summary>
    OneHot,

    /// <summary>One-hot over hashed values, for high-cardinality categoricals.</summary>
    Hashed,

    /// <summary>ML.NET's text featuriser (all text columns together).</summary>
    Text,
}
