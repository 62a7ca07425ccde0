using Microsoft.Playwright;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.EndToEnd;

/// <summary>Chromium with one browser context on the app under test, as every browser test needs it.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>
    /// How long an action or an expectation waits, in milliseconds. Browser flows share two cores with tests of other
    /// collections (two app processes delivering 10,000 messages on PostgreSQL, say), and a circuit's render can wait
    /// behind them for seconds; a flow that is broken still fails, only later.
    /// </summary>
    private const float Patience = 30_000;

    private readonly Chromium _chromium = new();
    private IBrowserContext? _context;
    private readonly List<string> _policyViolations = [];

    public DashboardPage Ui { get; private set; } = default!;

    /// <param name="userAgent">A desktop browser's, where the app must not take the headless browser for a machine.</param>
    public static async Task<BrowserSession> OpenAsync(Uri address, string? userAgent = null)
    {
        var session = new BrowserSession();
        await session._chromium.InitializeAsync();

        // Reduced motion: charts draw without animation, so screenshots show them finished.
        // Clipboard access: copy buttons are tested by reading back what they copied.
        session._context = await session._chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            ReducedMotion = ReducedMotion.Reduce,
            Permissions = ["clipboard-read", "clipboard-write"],
            UserAgent = userAgent,
        });
        session._context.SetDefaultTimeout(Patience);

        // Whatever the Content-Security-Policy blocks is a defect of the page: every browser test fails on it.
        session._context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (session._policyViolations)
                {
                    session._policyViolations.Add($"{message.Location}: {message.Text}");
                }
            }
        };
        // Expectations wait as long as actions do: on a loaded CI machine a round trip through the circuit and a
        // durable commit can take longer than Playwright's 5 s default.
        Assertions.SetDefaultExpectTimeout(Patience);
        session.Ui = new DashboardPage(await session._context.NewPageAsync(), address, Path.Combine(AppContext.BaseDirectory, "screenshots"));
        return session;
    }

    /// <summary>What the pages' Content-Security-Policy refused so far.</summary>
    public IReadOnlyList<string> PolicyViolations
    {
        get
        {
            lock (_policyViolations)
            {
                return [.. _policyViolations];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        await _chromium.DisposeAsync();
        Assert.True(PolicyViolations.Count == 0, "The Content-Security-Policy refused:\n" + string.Join("\n", PolicyViolations));
    }
}
