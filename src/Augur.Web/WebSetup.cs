using System.Text.Json;
using System.Text.Json.Serialization;
using Augur.Web.ApiKeys;
using Augur.Web.Audit;
using Augur.Web.Auth;
using Augur.Web.Components;
using Augur.Web.Datasets;
using Augur.Web.Deployments;
using Augur.Web.Errors;
using Augur.Web.Experiments;
using Augur.Web.Health;
using Augur.Web.Models;
using Augur.Web.Monitoring;
using Augur.Web.Projects;
using Augur.Web.Recommendations;
using Augur.Web.Scoring;
using Augur.Web.Security;
using Augur.Web.Training;
using Augur.Web.Users;
using Microsoft.AspNetCore.Http.Features;
using MudBlazor.Services;
using Scalar.AspNetCore;

namespace Augur.Web;

/// <summary>Registers and maps everything the web host serves: the REST API, the dashboard, OpenAPI and health.</summary>
public static class WebSetup
{
    public static WebApplicationBuilder AddAugurWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddAugurAuth();
        services.AddAugurRateLimits();
        services.AddRecommendationRateLimits();
        services.AddAugurForwardedHeaders();
        services.AddProblemDetails();
        // Enums travel as camelCase strings ("binary", "succeeded"), as in every file Augur writes.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Malformed request bodies surface as BadHttpRequestException, which the handler turns into a clear 400.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = long.MaxValue);
        // Kestrel refuses bodies over 30 MB by default, long before Augur:MaxUploadBytes could give its clearer
        // message; allow an upload of the configured size plus room for the multipart framing.
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<Augur.Platform.Configuration.AugurOptions>>((kestrel, augur) =>
                kestrel.Limits.MaxRequestBodySize = augur.Value.MaxUploadBytes + (1024 * 1024));
        services.AddOpenApi();
        services.AddAugurHealthChecks();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        return builder;
    }

    public static WebApplication UseAugurWeb(this WebApplication app)
    {
        // First, so that everything after it (rate limits, the audit log) sees the client behind a trusted proxy.
        app.UseForwardedHeaders();
        app.UseAugurSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/openapi", o => o.WithTitle("Augur API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
        app.MapAugurHealthChecks();

        var api = app.MapGroup("/api/v1").RequireRateLimiting(RateLimits.Api);
        api.MapAuthApi();
        api.MapUsersApi();
        api.MapProjectsApi();
        api.MapDatasetsApi();
        api.MapTrainingApi();
        api.MapRetrainingApi();
        api.MapExperimentsApi();
        api.MapModelsApi();
        api.MapScoringApi();
        api.MapDeploymentsApi();
        api.MapMonitoringApi();
        api.MapMembersApi();
        api.MapApiKeysApi();
        api.MapAuditApi();
        api.MapRecommendationsApi();

        app.MapAccountEndpoints();
        // CSS and scripts are public: the sign-in page needs them before anyone is signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
