using System.Diagnostics;
using System.Net;

namespace SmartSender.Tests.Fixtures;

/// <summary>Debian's SpamAssassin daemon on a free loopback port, with local tests only (no network lookups); stopped afterwards.</summary>
public sealed class SpamdServer : IAsyncLifetime
{
    private readonly TestFolder _folder = new("spamd");
    private Process? _process;

    public int Port { get; } = SmtpSink.FreePort(IPAddress.Loopback);

    public string Address => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/spamd") ? "/usr/sbin/spamd" : "spamd")
        {
            ArgumentList =
            {
                "--local", $"--listen=127.0.0.1:{Port}", "--max-children=1", "--min-children=1", "--syslog=stderr",
                "--nouser-config", $"--helper-home-dir={_folder.Path}", $"--pidfile={Path.Combine(_folder.Path, "spamd.pid")}",
            },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("spamd did not start (test.sh installs Debian's spamassassin).");

        // spamd says when it listens; connections made after that wait in its backlog for the child.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await _process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains("server started on", StringComparison.Ordinal))
            {
                _ = _process.StandardError.ReadToEndAsync();
                return;
            }
        }

        throw new InvalidOperationException("spamd exited before it listened.");
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _folder.Dispose();
    }
}
