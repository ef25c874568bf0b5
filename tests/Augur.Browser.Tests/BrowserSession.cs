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

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
