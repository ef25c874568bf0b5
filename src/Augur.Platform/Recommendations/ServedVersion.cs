using Augur.Platform.Projects;

namespace Augur.Platform.Recommendations;

/// <summary>What serving needs to know about a project before it answers: the project itself and the version it serves (null before the first).</summary>
public sealed record ServedVersion(Project Project, RecommenderRun? Run);
