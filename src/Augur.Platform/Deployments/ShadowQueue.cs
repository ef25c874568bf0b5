using System.Threading.Channels;
using Augur.Platform.Configuration;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Deployments;

/// <summary>Bounded queue of shadow scoring work. Never waits: when full, the shadow request is dropped and counted.</summary>
public sealed class ShadowQueue(IOptions<AugurOptions> options, ServingStats stats)
{
    private readonly Channel<ShadowRequest> _channel = Channel.CreateBounded<ShadowRequest>(
        new BoundedChannelOptions(options.Value.Serving.ShadowQueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    internal ChannelReader<ShadowRequest> Reader => _channel.Reader;

    public void Offer(ShadowRequest request)
    {
        if (!_channel.Writer.TryWrite(request))
        {
            stats.CountShadowDropped();
        }
    }
}
