using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Augur.Platform.Configuration;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Augur.Web.Security;

/// <summary>
/// ASP.NET Core's rate limiter with three policies: sign-in (per client address), the API and predictions (per user,
/// or per address before sign-in). A refused request gets 429, a Retry-After header and ProblemDetails.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "signin";
    public const string Api = "api";
    public const string Predict = "predict";
    public const string EndpointPredict = "endpoint-predict";
    public const string EndpointOutcomes = "endpoint-outcomes";

    public static IServiceCollection AddAugurRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
            o.AddPolicy(SignIn, ctx => Window($"signin:{Address(ctx)}", Limits(ctx).SignInPerMinute));
            o.AddPolicy(Api, ctx => Window($"api:{Who(ctx)}", Limits(ctx).ApiPerMinute));
            o.AddPolicy(Predict, ctx => Window($"predict:{Who(ctx)}", Limits(ctx).PredictPerMinute));
            // Applications on endpoint keys get their own, much higher budget per key; people keep the predict limit.
            o.AddPolicy(EndpointPredict, ctx => ctx.User.FindFirstValue(Deployments.EndpointKeyAuthenticationHandler.KeyClaim) is { } key
                ? Window($"endpoint-key:{key}", Limits(ctx).EndpointKeyPredictPerMinute)
                : Window($"predict:{Who(ctx)}", Limits(ctx).PredictPerMinute));
            // Outcomes sent back count apart, so that an app catching up on a backlog never slows its own predictions.
            o.AddPolicy(EndpointOutcomes, ctx => ctx.User.FindFirstValue(Deployments.EndpointKeyAuthenticationHandler.KeyClaim) is { } key
                ? Window($"endpoint-outcomes:{key}", Limits(ctx).EndpointKeyPredictPerMinute)
                : Window($"outcomes:{Who(ctx)}", Limits(ctx).PredictPerMinute));
        });
        return services;
    }

    private static SecurityOptions Limits(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value;

    private static RateLimitPartition<string> Window(string key, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static string Who(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? $"user:{id}" : $"ip:{Address(context)}";

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 60;
        var http = context.HttpContext;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Slow down: try again in {seconds} seconds.",
            },
        });
    }
}
