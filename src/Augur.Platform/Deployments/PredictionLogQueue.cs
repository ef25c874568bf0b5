using System.Threading.Channels;
using Augur.Platform.Configuration;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Deployments;

/// <summary>
/// The bounded queue between the prediction path and <see cref="PredictionLogWriter"/>. Writing never waits: when the
/// queue is full the entry is dropped and counted, so logging can never slow down or fail a prediction.
/// </summary>
public sealed class PredictionLogQueue(IOptions<AugurOptions> options, ServingStats stats)
{
    private readonly Channel<PredictionLog> _channel = Channel.CreateBounded<PredictionLog>(
        new BoundedChannelOptions(options.Value.Serving.LogQueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    private readonly double _sampleRate = options.Value.Serving.LogSampleRate;

    internal ChannelReader<PredictionLog> Reader => _channel.Reader;

    /// <summary>True when this request's predictions should be logged (sampled at Augur:Serving:LogSampleRate).</summary>
    public bool Sample() => _sampleRate >= 1 || (_sampleRate > 0 && Random.Shared.NextDouble() < _sampleRate);

    public void Offer(PredictionLog entry)
    {
        if (!_channel.Writer.TryWrite(entry))
        {
            stats.CountLogDropped();
        }
    }
}
