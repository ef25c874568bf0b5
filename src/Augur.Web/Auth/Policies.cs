namespace Augur.Web.Auth;

public static class Policies
{
    public const string Admin = "admin";
}
