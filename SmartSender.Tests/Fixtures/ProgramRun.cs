using System.Diagnostics;

namespace SmartSender.Tests.Fixtures;

/// <summary>The built program run as a script or a service manager runs it: arguments, environment, exit code and output.</summary>
public static class ProgramRun
{
    /// <summary>The program beside this test assembly, on <paramref name="dataFolder"/>, logging warnings and worse.</summary>
    public static ProcessStartInfo StartInfo(string dataFolder, IReadOnlyDictionary<string, string>? environment = null, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = dataFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["Database__DataDirectory"] = dataFolder, ["Logging__LogLevel__Default"] = "Warning" },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SmartSender.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>Runs to the end (killed after a minute, or <paramref name="limit"/>) and gives back its exit code and both outputs.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(ProcessStartInfo start, TimeSpan? limit = null)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(limit ?? TimeSpan.FromMinutes(1));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>A command line as a user pastes it into bash.</summary>
    public static async Task<(int ExitCode, string Output)> ShellAsync(string command)
    {
        var (exitCode, output, error) = await RunToExitAsync(new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true });
        return (exitCode, output + error);
    }
}
