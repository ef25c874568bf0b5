using System.Security.Claims;
using System.Threading.RateLimiting;
using Augur.Platform.Recommendations;
using Augur.Web.Deployments;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Augur.Web.Recommendations;

/// <summary>
/// The recommendation routes' own rate limit, so that a shop is not held to the API's limit for people (1,200 a
/// minute is 20 requests a second): a serving key gets Recommendations:ServingKeyPerMinute, a person
/// Recommendations:PeoplePerMinute.
/// </summary>
public static class RecommendationRateLimits
{
    public const string Policy = "recommend";

    public static IServiceCollection AddRecommendationRateLimits(this IServiceCollection services) =>
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(Policy, Partition));

    private static RateLimitPartition<string> Partition(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<IOptions<RecommendationsOptions>>().Value;
        return context.User.FindFirstValue(EndpointKeyAuthenticationHandler.KeyClaim) is { } key
            ? Window($"recommend-key:{key}", limits.ServingKeyPerMinute)
            : Window($"recommend:{context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? context.Connection.RemoteIpAddress?.ToString()}", limits.PeoplePerMinute);
    }

    private static RateLimitPartition<string> Window(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
}
