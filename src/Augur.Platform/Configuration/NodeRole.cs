namespace Augur.Platform.Configuration;

/// <summary>What an Augur process is for: `augur serve` is a server, `augur worker` a worker.</summary>
public enum NodeRole
{
    Server,
    Worker,
}
