using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SmartSender.Tests.Fixtures;

/// <summary>
/// A private Postfix instance (its own configuration, queue and log in a temporary folder, listening on a free loopback
/// port) that relays everything to SmartSender's submission port as its smarthost, with SASL and required TLS, as an
/// operator's Postfix would. Starting Postfix needs root; the README's test command installs it.
/// </summary>
public sealed partial class PostfixRelay : IAsyncDisposable
{
    private readonly TestFolder _folder = new("postfix");

    private PostfixRelay(int port) => Port = port;

    /// <summary>Where the relay takes mail (plain SMTP, from loopback only).</summary>
    public int Port { get; }

    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    private string LogFile => Path.Combine(_folder.Path, "maillog");

    public static string? Unavailable =>
        !File.Exists("/usr/sbin/postfix") ? "Postfix is not installed (./test.sh installs it as root)."
        : Environment.UserName != "root" ? "Starting a private Postfix instance needs root."
        : null;

    public static async Task<PostfixRelay> StartAsync(int smarthostPort, string key)
    {
        var relay = new PostfixRelay(SmtpSink.FreePort(System.Net.IPAddress.Loopback));
        var dir = relay._folder.Path;

        // Postfix's own processes read the configuration and write the log as the postfix user.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dir, (UnixFileMode)0b111_101_101);
        }
        await File.WriteAllTextAsync(Path.Combine(dir, "main.cf"), $"""
            compatibility_level = 3.6
            queue_directory = {dir}/queue
            data_directory = {dir}/data
            myhostname = relay.test
            mydestination =
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            mynetworks = 127.0.0.0/8
            relayhost = [127.0.0.1]:{smarthostPort}
            smtp_sasl_auth_enable = yes
            smtp_sasl_password_maps = static:apikey:{key}
            smtp_sasl_security_options = noanonymous
            smtp_sasl_tls_security_options = noanonymous
            smtp_tls_security_level = encrypt
            smtp_tls_loglevel = 1
            smtputf8_enable = no
            maillog_file = {dir}/maillog
            maillog_file_prefixes = {dir}
            syslog_name = postfix-test
            minimal_backoff_time = 1s
            maximal_backoff_time = 2s
            queue_run_delay = 1s
            """);

        // The system's services, unchrooted (the queue is not under /var/spool/postfix), smtpd on the free port.
        var services = (await File.ReadAllLinesAsync("/etc/postfix/master.cf"))
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !char.IsWhiteSpace(line[0]))
            .Select(line => Columns().Split(line.Trim()))
            .Where(columns => columns.Length >= 8 && !(columns[0] == "smtp" && columns[1] == "inet"))
            .Select(columns =>
            {
                columns[4] = "n";
                return string.Join(' ', columns);
            })
            .Prepend($"127.0.0.1:{relay.Port} inet n - n - - smtpd");
        await File.WriteAllLinesAsync(Path.Combine(dir, "master.cf"), services);
        Directory.CreateDirectory(Path.Combine(dir, "queue"));
        Directory.CreateDirectory(Path.Combine(dir, "data"));
        await PostfixAsync(dir, "set-permissions");
        await PostfixAsync(dir, "check");
        await PostfixAsync(dir, "start");
        return relay;
    }

    /// <summary>Tries the deferred mail now, as the queue manager does at its next scan.</summary>
    public Task FlushAsync() => PostfixAsync(_folder.Path, "flush");

    private static async Task PostfixAsync(string dir, string command)
    {
        var (exitCode, output, error) = await ProgramRun.RunToExitAsync(new ProcessStartInfo("/usr/sbin/postfix", ["-c", dir, command]) { RedirectStandardOutput = true, RedirectStandardError = true });
        Assert.True(exitCode == 0, $"postfix {command}: {output}{error}");
    }

    public async ValueTask DisposeAsync()
    {
        await ProgramRun.RunToExitAsync(new ProcessStartInfo("/usr/sbin/postfix", ["-c", _folder.Path, "stop"]) { RedirectStandardOutput = true, RedirectStandardError = true });
        _folder.Dispose();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Columns();
}
