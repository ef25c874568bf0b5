using System.Text.RegularExpressions;
using Augur.Testing;
using Microsoft.Playwright;

namespace Augur.Browser.Tests;

// The walking skeleton through a real Chromium: sign in, create a project, upload a CSV, train, predict.
// Waiting is Playwright's auto-wait on what the page shows (no sleeps); training gets a generous timeout because
// it runs as a Quartz job with an 8-second budget on whatever machine runs the tests.
public sealed class DashboardTests
{
    private static readonly float TrainingTimeoutMs = (float)TimeSpan.FromMinutes(3).TotalMilliseconds;

    [ChromiumFact]
    public async Task A_person_signs_in_uploads_a_csv_trains_and_gets_a_prediction()
    {
        using var data = new TempDirectory();
        await using var app = new AugurAppFactory(data.Path);
        var baseUrl = app.Start();
        await using var browser = await BrowserSession.OpenAsync(baseUrl);
        var page = browser.Page;
        try
        {
            await SignInAsync(page);
            await Assertions.Expect(page.GetByTestId("no-projects")).ToBeVisibleAsync();
            await Step(page, "1-home-empty");
            await CreateProjectAsync(page, "Browser test: churn");
            await UploadAsync(page, Path.Combine(AppContext.BaseDirectory, "Fixtures", "telco-churn-300.csv"));
            await TrainAsync(page, "Churn");
            await PredictAsync(page);
            await MakeChampionAsync(page);
        }
        finally
        {
            // The app bar is fixed: scrolled down, a full-page screenshot would paint it over the middle of the page.
            await page.EvaluateAsync("window.scrollTo(0, 0)");
            await page.ScreenshotAsync(new() { Path = TestArtifacts.PathFor("DashboardTests/walking-skeleton.png"), FullPage = true });
        }
    }

    [ChromiumFact]
    public async Task The_demo_project_is_ready_to_train_in_one_click()
    {
        using var data = new TempDirectory();
        await using var app = new AugurAppFactory(data.Path, seedDemo: true);
        var baseUrl = app.Start();
        await using var browser = await BrowserSession.OpenAsync(baseUrl);
        var page = browser.Page;

        await SignInAsync(page);
        await page.GetByTestId("project-card").GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Demo") }).ClickAsync();
        await WaitForInteractiveAsync(page);

        await Assertions.Expect(page.GetByTestId("dataset-rows")).ToContainTextAsync("7,043");
        await Assertions.Expect(page.GetByTestId("train-target")).ToContainTextAsync("Churn");
        await Assertions.Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = TestArtifacts.PathFor("DashboardTests/demo-project.png"), FullPage = true });

        // One click trains; a second one (Stop) ends the run, queued or training, and the card says so.
        await page.GetByTestId("train-button").ClickAsync();
        var status = page.GetByTestId("run-status").First;
        await Assertions.Expect(status).ToHaveTextAsync(new Regex("Queued|Training"));
        await page.GetByTestId("run-cancel").ClickAsync();
        await Assertions.Expect(status).ToHaveTextAsync("Cancelled", new() { Timeout = TrainingTimeoutMs });
        await Assertions.Expect(page.GetByTestId("run-reason")).ToHaveTextAsync(new Regex("^(Stopped on request|Cancelled before it started)\\.$"));
        await Assertions.Expect(page.GetByTestId("run-cancel")).ToHaveCountAsync(0);
    }

    [ChromiumFact]
    public async Task A_dataset_with_repeated_rows_and_no_id_keeps_them_and_says_why()
    {
        using var data = new TempDirectory();
        await using var app = new AugurAppFactory(data.Path);
        var baseUrl = app.Start();
        await using var browser = await BrowserSession.OpenAsync(baseUrl);
        var page = browser.Page;
        // 25 wines and 5 of them measured again with the same results: no column is an ID.
        var csv = new System.Text.StringBuilder("acidity,sugar,quality\n");
        for (var i = 0; i < 30; i++)
        {
            var w = i < 25 ? i : i - 25;
            csv.Append($"{6 + (w % 5)},{w % 7},{5 + (w % 3)}\n");
        }

        await SignInAsync(page);
        await CreateProjectAsync(page, "Browser test: wine", steps: false);
        await WaitForInteractiveAsync(page);
        await (await Browsers.FileInputAsync(page.GetByTestId("upload"))).SetInputFilesAsync(
            new FilePayload { Name = "wine.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv.ToString()) });

        await Assertions.Expect(page.GetByTestId("dataset-rows")).ToContainTextAsync("30", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("dataset-repeats")).ToContainTextAsync("5");
        await Assertions.Expect(page.GetByTestId("dataset-copies")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("dataset-repeats-why")).ToHaveTextAsync(new Regex("^5 rows repeat another row exactly and are kept: with no ID column"));
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = TestArtifacts.PathFor("DashboardTests/repeated-rows.png"), FullPage = true });
    }

    [ChromiumFact]
    public async Task Costs_of_wrong_answers_given_in_the_form_train_a_model_ranked_by_them()
    {
        using var data = new TempDirectory();
        await using var app = new AugurAppFactory(data.Path);
        var baseUrl = app.Start();
        await using var browser = await BrowserSession.OpenAsync(baseUrl);
        var page = browser.Page;
        await SignInAsync(page);
        await CreateProjectAsync(page, "Browser test: costs", steps: false);
        await WaitForInteractiveAsync(page);
        await (await Browsers.FileInputAsync(page.GetByTestId("upload"))).SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "telco-churn-300.csv"));
        await Assertions.Expect(page.GetByTestId("dataset-rows")).ToContainTextAsync("300", new() { Timeout = 60_000 });
        await Browsers.ChooseAsync(page.GetByTestId("train-target"), new() { NameRegex = new Regex("^Churn ") });

        // A missed churner costs five wasted offers; the wrong-yes cost is left empty, so it is 1.
        await page.GetByText("What wrong answers cost (optional)").ClickAsync();
        await page.GetByLabel("A missed “yes” costs").FillAsync("5");
        await page.GetByTestId("train-button").ClickAsync();
        var status = page.GetByTestId("run-status").First;
        await Assertions.Expect(status).ToHaveTextAsync("Done", new() { Timeout = TrainingTimeoutMs });
        await Assertions.Expect(page.GetByTestId("run").First).ToContainTextAsync("a wrong yes costs 1, a missed one 5");
        await Assertions.Expect(page.GetByTestId("run-metric")).ToContainTextAsync(new Regex("Cost of mistakes [0-9.]+ a row$"));
        await Assertions.Expect(page.GetByTestId("run-metric-explained")).ToContainTextAsync("Its wrong answers cost");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = TestArtifacts.PathFor("DashboardTests/mistake-costs.png"), FullPage = true });
    }

    [ChromiumFact]
    public async Task A_model_checked_on_the_newest_rows_ranked_by_pr_auc_and_given_a_goal_says_so_on_its_card()
    {
        using var data = new TempDirectory();
        await using var app = new AugurAppFactory(data.Path);
        await using var browser = await BrowserSession.OpenAsync(app.Start());
        var page = browser.Page;
        // 120 customers who signed up a day apart; cheap plans churn more.
        var csv = new System.Text.StringBuilder("signup_date,plan,monthly_spend,churned\n");
        for (var i = 0; i < 120; i++)
        {
            var plan = (i % 3) switch { 0 => "basic", 1 => "plus", _ => "pro" };
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{new DateOnly(2025, 1, 1).AddDays(i):yyyy-MM-dd},{plan},{20 + (i * 7 % 50)},{(plan == "basic" || i % 7 == 0 ? "Yes" : "No")}\n");
        }

        await OpenProjectWithCustomersAsync(page, "Browser test: checks", csv.ToString());
        // Said in words: the form is filled in from it, and what was understood (and what was not used) is said back.
        await page.GetByLabel("Say what you want (optional)").FillAsync("Predict which customers churned in the next 30 days, AUC above 0.5, within 10 seconds");
        await page.GetByTestId("train-ask-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("train-understood")).ToContainTextAsync("Understood: predict churned; good enough when AUC above 0.5; spend 10 s.");
        await Assertions.Expect(page.GetByTestId("train-understood")).ToContainTextAsync("'in the next 30 days' is not used");
        await Assertions.Expect(page.GetByTestId("train-target")).ToContainTextAsync("churned");

        // A column left out is listed on the run's card.
        await page.GetByText("Columns not to learn from (optional)").ClickAsync();
        await Browsers.ChooseAsync(page.GetByTestId("train-ignore"), new() { Name = "monthly_spend", Exact = true }, closeWithEscape: true);

        await page.GetByText("How to check and compare models (optional)").ClickAsync();
        var goal = page.GetByLabel("Good enough when");
        await Assertions.Expect(goal).ToHaveValueAsync("AUC above 0.5");
        await Browsers.ChooseAsync(page.GetByTestId("train-time-column"), new() { Name = "signup_date", Exact = true });
        await Browsers.ChooseAsync(page.GetByTestId("train-metric"), new() { NameRegex = new Regex("^PR-AUC") });
        // A goal Augur cannot check is refused next to the box, and nothing is queued.
        await goal.FillAsync("lift above 3");
        await page.GetByTestId("train-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("train-section")).ToContainTextAsync("'lift' is not a measure Augur reports");
        await Assertions.Expect(page.GetByTestId("train-error")).ToContainTextAsync("Good enough when: ");
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveCountAsync(0);
        // A measure this yes/no column's models do not report is said before anything is queued.
        await goal.FillAsync("RMSE below 3");
        await page.GetByTestId("train-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("train-error")).ToContainTextAsync("RMSE is not measured for a yes/no column. Use one of: AUC, log loss, PR-AUC");
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveCountAsync(0);
        await goal.FillAsync("AUC above 0.5");
        await page.GetByTestId("train-button").ClickAsync();

        await Assertions.Expect(page.GetByTestId("run-status").First).ToHaveTextAsync("Done", new() { Timeout = TrainingTimeoutMs });
        await Assertions.Expect(page.GetByTestId("run").First).ToContainTextAsync("checked on the newest rows by signup_date");
        await Assertions.Expect(page.GetByTestId("run").First).ToContainTextAsync("not learned from monthly_spend");
        // The form that tries the model asks only for what it learned from.
        await Assertions.Expect(page.GetByTestId("field-plan")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("field-monthly_spend")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("run-metric")).ToContainTextAsync(new Regex("PR-AUC [0-9.]+$"));
        await Assertions.Expect(page.GetByTestId("run-metric-explained")).ToContainTextAsync("How well the model finds the yes cases of 'churned'");
        // Ranked by PR-AUC as asked; the goal is checked on its own measure.
        await Assertions.Expect(page.GetByTestId("run-goal")).ToHaveTextAsync("Reaches your goal: AUC above 0.5.");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = TestArtifacts.PathFor("DashboardTests/checks.png"), FullPage = true });
    }

    [ChromiumFact]
    public async Task A_run_is_started_from_a_yaml_spec_and_shows_its_settings_as_one()
    {
        using var data = new TempDirectory();
        await using var app = new AugurAppFactory(data.Path);
        await using var browser = await BrowserSession.OpenAsync(app.Start());
        var page = browser.Page;
        var csv = new System.Text.StringBuilder("plan,monthly_spend,call_minutes,churned\n");
        for (var i = 0; i < 120; i++)
        {
            var plan = (i % 3) switch { 0 => "basic", 1 => "plus", _ => "pro" };
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"{plan},{20 + (i * 7 % 50)},{i % 13},{(plan == "basic" || i % 7 == 0 ? "Yes" : "No")}\n");
        }

        await OpenProjectWithCustomersAsync(page, "Browser test: spec", csv.ToString());

        await page.GetByText("Train from a spec (YAML, optional)").ClickAsync();
        var spec = page.GetByTestId("train-spec");
        // A mistake is said under the box with its line, and nothing is queued.
        await spec.FillAsync("data: customers\ntarget: churned\nbudget: soon\n");
        await page.GetByTestId("train-spec-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("train-spec-panel")).ToContainTextAsync("spec, line 3: 'budget' should be a time such as 90s, 5m or 1h, not 'soon'.");
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveCountAsync(0);

        const string Spec = "data: customers\ntarget: churned\ngoal: accuracy above 50%\nbudget: 10s\nseed: 42\nignore: [call_minutes]\n";
        await spec.FillAsync(Spec);
        await page.GetByTestId("train-spec-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-status").First).ToHaveTextAsync("Done", new() { Timeout = TrainingTimeoutMs });
        await Assertions.Expect(page.GetByTestId("run").First).ToContainTextAsync("not learned from call_minutes");
        await Assertions.Expect(page.GetByTestId("run-goal")).ToHaveTextAsync("Reaches your goal: accuracy above 0.5.");
        await page.GetByTestId("run-spec-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-spec")).ToHaveTextAsync(Spec.Replace("goal: accuracy above 50%", "goal: accuracy > 0.5", StringComparison.Ordinal).Replace("data: customers", "data: customers.csv", StringComparison.Ordinal));
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = TestArtifacts.PathFor("DashboardTests/spec.png"), FullPage = true });
    }

    /// <summary>Signs in, creates a project and uploads 120 customers as customers.csv.</summary>
    private static async Task OpenProjectWithCustomersAsync(IPage page, string project, string csv)
    {
        await SignInAsync(page);
        await CreateProjectAsync(page, project, steps: false);
        await WaitForInteractiveAsync(page);
        await (await Browsers.FileInputAsync(page.GetByTestId("upload"))).SetInputFilesAsync(
            new FilePayload { Name = "customers.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
        await Assertions.Expect(page.GetByTestId("dataset-rows")).ToContainTextAsync("120", new() { Timeout = 60_000 });
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login"));
        await page.FillAsync("#userName", AugurAppFactory.AdminUserName);
        await page.FillAsync("#password", AugurAppFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Projects", Exact = true })).ToBeVisibleAsync();
        await WaitForInteractiveAsync(page);
    }

    /// <param name="steps">Whether to take the walk's step screenshots (another test would overwrite them).</param>
    private static async Task CreateProjectAsync(IPage page, string name, bool steps = true)
    {
        await page.GetByTestId("new-project").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Name").FillAsync(name);
        if (steps)
        {
            await Step(page, "2-new-project");
        }

        await dialog.GetByTestId("create-project").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/projects/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("project-name")).ToHaveTextAsync(name);
        if (steps)
        {
            await Step(page, "3-project-empty");
        }
    }

    private static async Task UploadAsync(IPage page, string csv)
    {
        // MudFileUpload adds a fresh file input after each pick; the newest one is the live one.
        // A file Augur cannot read is refused with a message that names it, and nothing is stored.
        await (await Browsers.FileInputAsync(page.GetByTestId("upload"))).SetInputFilesAsync(
            new FilePayload { Name = "empty.csv", MimeType = "text/csv", Buffer = [] });
        await Assertions.Expect(page.GetByTestId("upload-error")).ToHaveTextAsync(new Regex("^empty.csv: "));
        await Assertions.Expect(page.GetByTestId("no-datasets")).ToBeVisibleAsync();
        await Step(page, "4a-bad-file");

        await (await Browsers.FileInputAsync(page.GetByTestId("upload"))).SetInputFilesAsync(csv);
        await Assertions.Expect(page.GetByTestId("dataset-rows")).ToContainTextAsync("300", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("column-row")).ToHaveCountAsync(21);
        await Step(page, "4-uploaded");
    }

    private static async Task TrainAsync(IPage page, string target)
    {
        await Browsers.ChooseAsync(page.GetByTestId("train-target"), new() { NameRegex = new Regex($"^{target} ") });

        // An extra column whose formula reads a column the data lacks is refused next to the box, and nothing is queued.
        await page.GetByText("Extra columns computed from a formula (optional)").ClickAsync();
        var formulas = page.GetByLabel("One new column per line: name = formula");
        await formulas.FillAsync("per_month = TotalCharges / months");
        await page.GetByTestId("train-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("train-section")).ToContainTextAsync("'per_month' uses the column 'months'");
        await Assertions.Expect(page.GetByTestId("run-status")).ToHaveCountAsync(0);
        await Step(page, "5a-bad-formula");
        await formulas.FillAsync("per_month = TotalCharges / tenure");
        // Early stopping is one tick; this short run ends at its budget all the same, and says how long it took.
        var finishEarly = page.GetByLabel("Finish early to save time when 30 tries in a row find no better model");
        await finishEarly.CheckAsync();
        await Assertions.Expect(finishEarly).ToBeCheckedAsync();

        await page.GetByTestId("train-button").ClickAsync();
        var status = page.GetByTestId("run-status").First;
        await Assertions.Expect(status).ToHaveTextAsync(new Regex("Queued|Training|Done"));
        await Step(page, "5-training");
        await Assertions.Expect(status).ToHaveTextAsync(new Regex("Done|Failed"), new() { Timeout = TrainingTimeoutMs });
        await Assertions.Expect(page.GetByTestId("run-reason")).ToHaveCountAsync(0);
        await Assertions.Expect(status).ToHaveTextAsync("Done");
        await Assertions.Expect(page.GetByTestId("run-metric")).ToContainTextAsync("AUC");
        await Assertions.Expect(page.GetByTestId("run-took")).ToHaveTextAsync(new Regex("^Took .+"));
        await page.GetByTestId("run-leaderboard-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("run-leaderboard").Locator("tbody tr").First).ToBeVisibleAsync();
        await Step(page, "6-trained");

        // What the model learned: the columns that matter most, whom to contact first, and the ID that was not used.
        await page.GetByTestId("run-report-toggle").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-importance").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("report-lift")).ToContainTextAsync(new Regex("Contacting the 10% of rows the model ranks most likely reaches \\d+% of everyone who is “Yes”"));
        await Assertions.Expect(page.GetByTestId("report-lift").Locator("tbody tr")).ToHaveCountAsync(10);
        await Assertions.Expect(page.GetByTestId("report-left-out")).ToContainTextAsync("customerID");
        await Step(page, "6b-what-the-model-learned");
    }

    private static async Task PredictAsync(IPage page)
    {
        // A required field left empty is named next to the field, and nothing is predicted.
        var tenure = page.GetByLabel("tenure", new() { Exact = true });
        await tenure.FillAsync("");
        await page.GetByTestId("predict-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("prediction-form")).ToContainTextAsync("tenure is required: the model learned only from rows that have it");
        await Assertions.Expect(page.GetByTestId("prediction-label")).ToHaveCountAsync(0);
        await Step(page, "7a-required-field");

        await page.GetByRole(AriaRole.Button, new() { Name = "Reset to the first row" }).ClickAsync();
        await page.GetByTestId("predict-button").ClickAsync();
        await Assertions.Expect(page.GetByTestId("prediction-label")).ToHaveTextAsync(new Regex("^(Yes|No)$"));
        await Assertions.Expect(page.GetByTestId("prediction-probability")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("prediction-probability").First).ToContainTextAsync("%");
        await Assertions.Expect(page.GetByTestId("prediction-version")).ToContainTextAsync("version 1");
        await Step(page, "7-predicted");
    }

    private static async Task MakeChampionAsync(IPage page)
    {
        await page.GetByTestId("model-page-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("model-title")).ToHaveTextAsync("churn");
        await WaitForInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("no-aliases")).ToBeVisibleAsync();
        await page.GetByTestId("promote-1").ClickAsync();
        await Assertions.Expect(page.GetByTestId("alias-chip")).ToHaveTextAsync("champion → v1");
        await Assertions.Expect(page.GetByTestId("promote-1")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("version-row")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("served-models")).ToHaveTextAsync(new Regex(@"^(The model is|A blend of \d+ models:) .+\.$"));
        // The champion's report is on the model page too: what matters most, and whom to contact first.
        await Assertions.Expect(page.GetByTestId("model-report")).ToContainTextAsync("What v1 learned");
        await Assertions.Expect(page.GetByTestId("model-report")).ToContainTextAsync("The champion");
        await Assertions.Expect(page.GetByTestId("model-report").GetByTestId("report-importance").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("model-report").GetByTestId("report-lift")).ToBeVisibleAsync();
        await Step(page, "8-model-page");
    }

    /// <summary>Prerendered HTML shows before the Blazor circuit connects; clicks only work once it has.</summary>
    private static async Task WaitForInteractiveAsync(IPage page) =>
        await Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1);

    private static async Task Step(IPage page, string name)
    {
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = TestArtifacts.PathFor($"DashboardTests/steps/{name}.png"), FullPage = true });
    }
}
