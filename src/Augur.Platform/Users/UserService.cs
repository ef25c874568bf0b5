using Augur.Platform.Database;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Users;

/// <summary>Accounts and passwords. Passwords are hashed with ASP.NET Core Identity's PBKDF2 hasher.</summary>
public sealed class UserService(AugurDbContext db, TimeProvider clock)
{
    private static readonly PasswordHasher<User> Hasher = new();

    public async Task<User> CreateAsync(string userName, string password, bool isAdmin, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        ArgumentException.ThrowIfNullOrEmpty(password);
        var name = userName.Trim();
        if (await db.Users.AnyAsync(u => u.UserName == name, cancellationToken))
        {
            throw new PlatformValidationException("userName", $"The user name '{name}' is already taken.");
        }

        if (password.Length < 8)
        {
            throw new PlatformValidationException("password", "A password needs at least 8 characters.");
        }

        var user = User.Create(name, isAdmin, clock.GetUtcNow().UtcDateTime);
        user.SetPasswordHash(Hasher.HashPassword(user, password));
        db.Users.Add(user);
        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>Returns the user when the password matches, otherwise null (never says which part was wrong).</summary>
    public async Task<User?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var name = userName.Trim();
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == name, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var result = Hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.SetPasswordHash(Hasher.HashPassword(user, password));
            await db.SaveChangesAsync(cancellationToken);
        }

        return result == PasswordVerificationResult.Failed ? null : user;
    }

    public Task<User?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
}
