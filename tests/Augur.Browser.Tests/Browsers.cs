using Augur.Testing;
using Microsoft.Playwright;

namespace Augur.Browser.Tests;

/// <summary>How every browser test starts Debian's Chromium and opens a page on the app.</summary>
internal static class Browsers
{
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        // Assertions wait 5 s by default; a page that loads data on a busy 2-core CI machine may need longer.
        Assertions.SetDefaultExpectTimeout(20_000);
        return await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = TestEnvironment.ChromiumPath ?? throw new InvalidOperationException("No Chromium: set AUGUR_TEST_CHROMIUM (./test.sh does)."),
            Headless = true,
            // --no-sandbox: the tests run as root. The rest keep Chromium off the network and off a tiny /dev/shm.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A desktop-sized context on the app, with a timeout that suits a loaded 2-core machine.</summary>
    public static async Task<IBrowserContext> NewContextAsync(IBrowser browser, Uri baseUrl)
    {
        var context = await browser.NewContextAsync(new() { BaseURL = baseUrl.ToString(), ViewportSize = new() { Width = 1400, Height = 1000 } });
        context.SetDefaultTimeout(30_000);
        return context;
    }

    /// <summary>
    /// The newest file input of an upload (MudFileUpload adds a fresh one after each pick), once Blazor has hooked it up.
    /// The input is in the page before its JavaScript side is initialised (after the component's first render on the
    /// circuit); files set before that are never seen, which made the upload tests flaky on a busy machine.
    /// </summary>
    public static async Task<ILocator> FileInputAsync(ILocator upload)
    {
        var input = upload.Locator("input[type=file]").Last;
        await input.Page.WaitForFunctionAsync("e => e._blazorInputFileNextFileId !== undefined", await input.ElementHandleAsync());
        return input;
    }

    /// <summary>
    /// Opens a MudSelect, clicks one of its options and waits until its list has closed. Under load a click that
    /// follows at once can land on the closing list instead of what it aimed at (seen once on the 2-core machine).
    /// The wait is on the list's own options, not on any open popover: a tooltip under the resting mouse is one too.
    /// </summary>
    /// <param name="closeWithEscape">For a list that stays open after a pick (several values may be chosen).</param>
    public static async Task ChooseAsync(ILocator select, PageGetByRoleOptions option, bool closeWithEscape = false)
    {
        var page = select.Page;
        await select.ClickAsync();
        var choice = page.GetByRole(AriaRole.Option, option);
        await choice.ClickAsync();
        if (closeWithEscape)
        {
            // The pick goes to the server and back; an Escape sent before its answer can be undone by it (seen twice
            // under load: the list stayed open). So wait for the pick to show in the box, and press again if needed.
            if (option.Name is { } name)
            {
                await page.WaitForFunctionAsync(
                    "([box, name]) => [box, ...box.querySelectorAll('input'), ...(box.parentElement?.querySelectorAll('input') ?? [])].some(e => (e.value ?? '').includes(name) || e.textContent.includes(name))",
                    new object[] { await select.ElementHandleAsync(), name });
            }

            for (var tries = 0; tries < 3; tries++)
            {
                await page.Keyboard.PressAsync("Escape");
                try
                {
                    await Assertions.Expect(choice).ToHaveCountAsync(0, new() { Timeout = 3_000 });
                    break;
                }
                catch (PlaywrightException) when (tries < 2)
                {
                }
            }
        }

        // Role locators leave out hidden elements: the option is gone once its list has closed.
        await Assertions.Expect(choice).ToHaveCountAsync(0);
    }
}
