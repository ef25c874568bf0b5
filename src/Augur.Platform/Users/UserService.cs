using Augur.Platform.ApiKeys;
using Augur.Platform.Audit;
using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Users;

/// <summary>
/// Accounts and passwords. Passwords are hashed with ASP.NET Core Identity's PBKDF2 hasher; repeated failures lock
/// an account for a while (<see cref="SecurityOptions"/>).
/// </summary>
public sealed class UserService(AugurDbContext db, TimeProvider clock, IOptions<SecurityOptions>? security = null, AuditLog? audit = null)
{
    public const int MinPasswordLength = 8;

    private static readonly PasswordHasher<User> Hasher = new();

    private SecurityOptions Security => security?.Value ?? new SecurityOptions();

    public async Task<User> CreateAsync(string userName, string password, bool isAdmin, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var name = userName.Trim();
        if (name.Length > 200)
        {
            throw new PlatformValidationException("userName", "A user name has at most 200 characters.");
        }

        if (await db.Users.AnyAsync(u => u.UserName == name, cancellationToken))
        {
            throw new PlatformValidationException("userName", $"The user name '{name}' is already taken.");
        }

        CheckPassword(password);
        var user = User.Create(name, isAdmin, clock.GetUtcNow().UtcDateTime);
        user.SetPasswordHash(Hasher.HashPassword(user, password));
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>Creates a user on behalf of the admin (and records it).</summary>
    public async Task<User> CreateByAdminAsync(Caller caller, string userName, string password, bool isAdmin, CancellationToken cancellationToken)
    {
        RequireAdmin(caller);
        var user = await CreateAsync(userName, password, isAdmin, cancellationToken);
        await RecordAsync(caller, "user.create", user, isAdmin ? "admin" : null, cancellationToken);
        return user;
    }

    /// <summary>Anyone may create a (non-admin) account while the admin has switched self-registration on.</summary>
    public async Task<User> RegisterAsync(string userName, string password, string? ip, CancellationToken cancellationToken)
    {
        if (!await IsSelfRegistrationOnAsync(cancellationToken))
        {
            throw new ForbiddenException("Self-registration is switched off; ask the admin for an account.");
        }

        var user = await CreateAsync(userName ?? "", password ?? "", isAdmin: false, cancellationToken);
        await RecordAsync(new Caller(user.Id, user.UserName, false) { Ip = ip }, "user.register", user, null, cancellationToken);
        return user;
    }

    /// <summary>Returns the user when the password matches, otherwise null (never says which part was wrong).</summary>
    public Task<User?> VerifyAsync(string userName, string password, CancellationToken cancellationToken) =>
        SignInAsync(userName, password, null, cancellationToken);

    /// <summary>
    /// Checks a sign-in. A locked account is refused even with the right password, and the answer looks the same as a
    /// wrong password so that nobody learns which accounts exist or are locked.
    /// </summary>
    public async Task<User?> SignInAsync(string userName, string password, string? ip, CancellationToken cancellationToken)
    {
        var name = (userName ?? "").Trim();
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == name, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (user.IsLockedOut(now))
        {
            return null;
        }

        var result = Hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? "");
        if (result == PasswordVerificationResult.Failed)
        {
            var options = Security;
            var locked = user.RecordFailedSignIn(now, options.MaxFailedSignIns, options.FailureWindow, options.LockoutDuration);
            await db.SaveChangesAsync(cancellationToken);
            if (locked)
            {
                await RecordAsync(new Caller(user.Id, user.UserName, user.IsAdmin) { Ip = ip }, "user.lockout", user, $"{options.MaxFailedSignIns} failed sign-ins", cancellationToken);
            }

            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.SetPasswordHash(Hasher.HashPassword(user, password!));
        }

        user.RecordSuccessfulSignIn();
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>A user changes their own password, proving they know the current one.</summary>
    public async Task ChangePasswordAsync(Caller caller, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (caller.KeyId is not null)
        {
            throw new ForbiddenException("Passwords are changed from a signed-in session, not with an API key.");
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == caller.UserId, cancellationToken) ?? throw new NotFoundException("user", caller.UserId);
        if (Hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword ?? "") == PasswordVerificationResult.Failed)
        {
            throw new PlatformValidationException("currentPassword", "The current password is not right.");
        }

        CheckPassword(newPassword);
        user.SetPasswordHash(Hasher.HashPassword(user, newPassword));
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(caller, "user.password.change", user, null, cancellationToken);
    }

    /// <summary>The admin sets a new password for someone (and lifts any lockout).</summary>
    public async Task ResetPasswordAsync(Caller caller, Guid userId, string newPassword, CancellationToken cancellationToken)
    {
        RequireAdmin(caller);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, cancellationToken) ?? throw new NotFoundException("user", userId);
        CheckPassword(newPassword);
        user.SetPasswordHash(Hasher.HashPassword(user, newPassword));
        user.Unlock();
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(caller, "user.password.reset", user, null, cancellationToken);
    }

    public async Task<IReadOnlyList<User>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        RequireAdmin(caller);
        return await db.Users.OrderBy(u => u.UserName).ToListAsync(cancellationToken);
    }

    public async Task<bool> IsSelfRegistrationOnAsync(CancellationToken cancellationToken) =>
        await db.Settings.Where(s => s.Key == SystemSetting.SelfRegistration).Select(s => s.Value).SingleOrDefaultAsync(cancellationToken) == "true";

    public async Task SetSelfRegistrationAsync(Caller caller, bool on, CancellationToken cancellationToken)
    {
        RequireAdmin(caller);
        var setting = await db.Settings.SingleOrDefaultAsync(s => s.Key == SystemSetting.SelfRegistration, cancellationToken);
        var value = on ? "true" : "false";
        if (setting is null)
        {
            db.Settings.Add(SystemSetting.Create(SystemSetting.SelfRegistration, value));
        }
        else
        {
            setting.Set(value);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (audit is not null)
        {
            await audit.RecordAsync(caller, "settings.change", null, "setting", SystemSetting.SelfRegistration, value, cancellationToken);
        }
    }

    public Task<User?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);

    private static void CheckPassword(string? password)
    {
        if (password is null || password.Length < MinPasswordLength)
        {
            throw new PlatformValidationException("password", $"A password needs at least {MinPasswordLength} characters.");
        }
    }

    private static void RequireAdmin(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.IsAdmin || !caller.KeyAllows(ApiKeyScope.Admin))
        {
            throw new ForbiddenException("Only the system admin can do this.");
        }
    }

    private Task RecordAsync(Caller caller, string action, User user, string? detail, CancellationToken cancellationToken) =>
        audit is null ? Task.CompletedTask : audit.RecordAsync(caller, action, null, "user", user.Id.ToString(), detail is null ? user.UserName : $"{user.UserName}: {detail}", cancellationToken);
}
