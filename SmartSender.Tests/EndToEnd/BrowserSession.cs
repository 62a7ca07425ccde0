using Microsoft.Playwright;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.EndToEnd;

/// <summary>Chromium with one browser context on the app under test, as every browser test needs it.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly Chromium _chromium = new();
    private IBrowserContext? _context;

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
        session._context.SetDefaultTimeout(15_000);
        // Expectations wait as long as actions do: on a loaded CI machine a round trip through the circuit and a
        // durable commit can take longer than Playwright's 5 s default.
        Assertions.SetDefaultExpectTimeout(15_000);
        session.Ui = new DashboardPage(await session._context.NewPageAsync(), address, Path.Combine(AppContext.BaseDirectory, "screenshots"));
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        await _chromium.DisposeAsync();
    }
}
