namespace Augur.Web.Auth;

public static class Policies
{
    public const string Admin = "admin";

    /// <summary>A person who may predict, or an application with an endpoint key (the only route such a key can call).</summary>
    public const string EndpointCaller = "endpoint-caller";
}
