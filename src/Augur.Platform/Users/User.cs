namespace Augur.Platform.Users;

public sealed class User
{
    public Guid Id { get; private set; } = Guid.NewGuid();

    public string UserName { get; private set; } = "";

    public string PasswordHash { get; private set; } = "";

    public bool IsAdmin { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary>Failed sign-ins since <see cref="FirstFailureAt"/>; reset by a successful one.</summary>
    public int FailedSignIns { get; private set; }

    public DateTime? FirstFailureAt { get; private set; }

    /// <summary>While in the future, every sign-in (and every API key of the user) is refused.</summary>
    public DateTime? LockedUntil { get; private set; }

    private User() { }

    public static User Create(string userName, bool isAdmin, DateTime now) =>
        new() { UserName = userName, IsAdmin = isAdmin, CreatedAt = now };

    public void SetPasswordHash(string hash) => PasswordHash = hash;

    public bool IsLockedOut(DateTime now) => LockedUntil is { } until && until > now;

    /// <summary>Counts a failure inside the window; returns true when this failure locks the account.</summary>
    public bool RecordFailedSignIn(DateTime now, int maxFailures, TimeSpan window, TimeSpan lockout)
    {
        if (FirstFailureAt is null || now - FirstFailureAt > window)
        {
            FirstFailureAt = now;
            FailedSignIns = 0;
        }

        FailedSignIns++;
        if (FailedSignIns < maxFailures)
        {
            return false;
        }

        LockedUntil = now + lockout;
        FailedSignIns = 0;
        FirstFailureAt = null;
        return true;
    }

    public void RecordSuccessfulSignIn()
    {
        FailedSignIns = 0;
        FirstFailureAt = null;
    }

    public void Unlock()
    {
        LockedUntil = null;
        FailedSignIns = 0;
        FirstFailureAt = null;
    }
}
