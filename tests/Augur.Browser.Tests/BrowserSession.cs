using Microsoft.Playwright;

namespace Augur.Browser.Tests;

/// <summary>Debian's Chromium with one page on the app (<see cref="Browsers"/>); disposing it closes the page's context, the browser and Playwright.</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IBrowserContext _context;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<BrowserSession> OpenAsync(Uri baseUrl)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await Browsers.LaunchAsync(playwright);
        var context = await Browsers.NewContextAsync(browser, baseUrl);
        return new BrowserSession(playwright, browser, context, await context.NewPageAsync());
    }

    /// <summary>Signs the page in as the test admin through the sign-in form, and waits for the list of projects.</summary>
    public async Task SignInAsAdminAsync()
    {
        await Page.GotoAsync("/");
        await Page.FillAsync("#userName", AugurAppFactory.AdminUserName);
        await Page.FillAsync("#password", AugurAppFactory.AdminPassword);
        await Page.ClickAsync("button[type=submit]");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Projects", Exact = true })).ToBeVisibleAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
