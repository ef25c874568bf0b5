namespace Augur.Platform.Users;

public sealed class User
{
    public Guid Id { get; private set; } = Guid.NewGuid();

    public string UserName { get; private set; } = "";

    public string PasswordHash { get; private set; } = "";

    public bool IsAdmin { get; private set; }

    public DateTime CreatedAt { get; private set; }

    private User() { }

    public static User Create(string userName, bool isAdmin, DateTime now) =>
        new() { UserName = userName, IsAdmin = isAdmin, CreatedAt = now };

    public void SetPasswordHash(string hash) => PasswordHash = hash;
}
