namespace Augur.Platform.Training;

/// <summary>Names this process among the cluster's nodes, for the trials it claims (host and process id).</summary>
public static class NodeIdentity
{
    public static string Name { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";
}
