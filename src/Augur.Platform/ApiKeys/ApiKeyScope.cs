namespace Augur.Platform.ApiKeys;

/// <summary>What a personal API key may do, at most; ordered so that a larger value allows more.</summary>
public enum ApiKeyScope
{
    /// <summary>Read anything the user can see (acts as a viewer at most).</summary>
    Read = 1,

    /// <summary>Also upload, train and predict (acts as an editor at most).</summary>
    Write = 2,

    /// <summary>Everything the user may do, including sharing projects and, for a system admin, administration.</summary>
    Admin = 3,
}
