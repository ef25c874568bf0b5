using System.Security.Claims;
using Augur.Platform.ApiKeys;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.ApiKeys;

public sealed record CreateApiKeyRequest(string Name, ApiKeyScope Scope, Guid? ProjectId = null, DateTime? ExpiresAt = null);

public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, ApiKeyScope Scope, Guid? ProjectId, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt)
{
    public static ApiKeyResponse From(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.Scope, k.ProjectId, k.CreatedAt, k.ExpiresAt, k.RevokedAt, k.LastUsedAt);
}

/// <summary>The new key's secret appears in this answer only; Augur stores its hash.</summary>
public sealed record CreatedApiKeyResponse(ApiKeyResponse Key, string Secret);

/// <summary>
/// Personal API keys of the signed-in user, for the REST API and the CLI ("Authorization: Bearer augur_…").
/// Endpoint keys for deployed models are a separate kind (issue 5) and do not live here.
/// </summary>
public static class ApiKeysApi
{
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/keys").WithTags("API keys");
        group.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("The caller's personal API keys (never their secrets).");
        group.MapPost("/", CreateAsync).WithName("CreateApiKey").WithSummary("Create a personal API key: scope read, write or admin, for one project or all, optionally expiring. The secret is shown once.");
        group.MapDelete("/{keyId:guid}", RevokeAsync).WithName("RevokeApiKey").WithSummary("Revoke one of the caller's keys.");
        return api;
    }

    private static async Task<Ok<List<ApiKeyResponse>>> ListAsync(ApiKeyService keys, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok((await keys.ListAsync(user.ToCaller(), cancellationToken)).Select(ApiKeyResponse.From).ToList());

    private static async Task<Created<CreatedApiKeyResponse>> CreateAsync(CreateApiKeyRequest request, ApiKeyService keys, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var created = await keys.CreateAsync(user.ToCaller(), request.Name ?? "", request.Scope, request.ProjectId, request.ExpiresAt, cancellationToken);
        return TypedResults.Created($"/api/v1/keys/{created.Key.Id}", new CreatedApiKeyResponse(ApiKeyResponse.From(created.Key), created.Secret));
    }

    private static async Task<NoContent> RevokeAsync(Guid keyId, ApiKeyService keys, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await keys.RevokeAsync(user.ToCaller(), keyId, cancellationToken);
        return TypedResults.NoContent();
    }
}
