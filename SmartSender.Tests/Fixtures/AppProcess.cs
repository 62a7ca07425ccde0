using System.Diagnostics;
using System.Net;

namespace SmartSender.Tests.Fixtures;

/// <summary>
/// The built SmartSender.Web program in a process of its own, on a given data folder and settings, so a test can kill
/// it as a power cut would (SIGKILL) and start it again.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process _process;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _all;

    private AppProcess(Process process, Uri address, System.Collections.Concurrent.ConcurrentQueue<string> output, System.Collections.Concurrent.ConcurrentQueue<string> all) =>
        (_process, Address, _output, _all) = (process, address, output, all);

    /// <summary>The last lines the program wrote, for a failure's message.</summary>
    public string Output => string.Join("\n", _output);

    /// <summary>Every line the program wrote to standard output and standard error so far.</summary>
    public IReadOnlyList<string> Lines => [.. _all];

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> output, System.Collections.Concurrent.ConcurrentQueue<string> all, string? line)
    {
        if (line is null)
        {
            return;
        }

        all.Enqueue(line);
        output.Enqueue(line);
        while (output.Count > 40 && output.TryDequeue(out _))
        {
        }
    }

    public Uri Address { get; }

    /// <summary>
    /// Starts the program and waits until it answers. A port found free may be taken before the program binds it (by
    /// the outgoing connections of a busy test, from the same range): then it starts again on other ports.
    /// </summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string? program = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var app = await TryStartAsync(settings, program ?? ProgramPath());
            if (!app._process.HasExited || attempt == 3 || !app.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                Assert.False(app._process.HasExited, $"SmartSender.Web exited with code {(app._process.HasExited ? app._process.ExitCode : 0)} while starting:\n{app.Output}");
                return app;
            }

            app.Dispose();
        }
    }

    private static async Task<AppProcess> TryStartAsync(IReadOnlyDictionary<string, string> settings, string program)
    {
        var port = SmtpSink.FreePort(IPAddress.Loopback);
        var start = new ProcessStartInfo("dotnet", [program])
        {
            WorkingDirectory = Path.GetDirectoryName(program)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Inbound__Port"] = SmtpSink.FreePort(IPAddress.Loopback).ToString();
        start.Environment["Submission__Port"] = SmtpSink.FreePort(IPAddress.Loopback).ToString();
        start.Environment["Submission__TlsPort"] = SmtpSink.FreePort(IPAddress.Loopback).ToString();

        // Production needs a relay; a test that delivers sets its own sink's port (or direct delivery).
        start.Environment["Delivery__Relay__Host"] = "127.0.0.1";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }

        var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var all = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(output, all, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, all, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"), output, all);
        await app.WaitUntilAnsweringAsync();
        return app;
    }

    /// <summary>SIGTERM, as a service manager stops it, and waits for the program to exit.</summary>
    public async Task StopAsync()
    {
        using var term = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        await term.WaitForExitAsync();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGKILL: no shutdown, no flushing, nothing finished.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // Wait for the last of its output: the caller reads why it stopped.
                _process.WaitForExit();
                return;
            }

            try
            {
                // Any answer will do (401 without a key): the program is up and listening.
                await http.GetAsync("/api/v1/lanes");
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await tick.WaitForNextTickAsync();
        }

        throw new TimeoutException($"SmartSender.Web did not answer within 60 s:\n{Output}");
    }

    /// <summary>The program built beside this test assembly's configuration: SmartSender.Web/bin/{Debug|Release}/net10.0.</summary>
    public static string ProgramPath()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        return Path.Combine(Repository.Root, "SmartSender.Web", "bin", configuration, here.Name, "SmartSender.Web.dll");
    }
}
