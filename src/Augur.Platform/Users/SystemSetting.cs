namespace Augur.Platform.Users;

/// <summary>A switch the admin sets at run time (as opposed to start-up configuration), such as self-registration.</summary>
public sealed class SystemSetting
{
    public const string SelfRegistration = "selfRegistration";

    public string Key { get; private set; } = "";

    public string Value { get; private set; } = "";

    private SystemSetting() { }

    public static SystemSetting Create(string key, string value) => new() { Key = key, Value = value };

    public void Set(string value) => Value = value;
}
