using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SmartSender.Tests.Fixtures;

/// <summary>
/// A TLS front end as docs/deliverability.md configures it, on loopback: Caddy with on-demand certificates, asking the
/// app's <c>/tls/allowed</c> before each new name, and getting them from Pebble, a local ACME server (Debian's
/// <c>caddy</c> and <c>pebble</c>). Pebble takes every challenge as passed (<c>PEBBLE_VA_ALWAYS_VALID</c>): whether Caddy
/// may have a certificate is the app's answer alone.
/// </summary>
public sealed class OnDemandTlsFront : IAsyncDisposable
{
    private readonly TestFolder _folder = new("tls-front");
    private readonly List<Process> _processes = [];

    public static bool IsAvailable => File.Exists("/usr/bin/caddy") && File.Exists("/usr/bin/pebble");

    public const string Unavailable = "Caddy and Pebble are not installed (./test.sh installs Debian's caddy and pebble when it runs as root).";

    /// <summary>Where Caddy answers https.</summary>
    public int HttpsPort { get; } = SmtpSink.FreePort(IPAddress.Loopback);

    private int ManagementPort { get; } = SmtpSink.FreePort(IPAddress.Loopback);

    public async Task StartAsync(Uri app)
    {
        var acmePort = SmtpSink.FreePort(IPAddress.Loopback);
        var httpPort = SmtpSink.FreePort(IPAddress.Loopback);

        // Pebble's own https listener needs a certificate Caddy trusts for the ACME directory.
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        var certFile = Path.Combine(_folder.Path, "pebble-cert.pem");
        await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "pebble-key.pem"), key.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "pebble.json"), $$"""
            {"pebble": {"listenAddress": "127.0.0.1:{{acmePort}}", "managementListenAddress": "127.0.0.1:{{ManagementPort}}",
              "certificate": "{{certFile}}", "privateKey": "{{Path.Combine(_folder.Path, "pebble-key.pem")}}",
              "httpPort": {{httpPort}}, "tlsPort": {{HttpsPort}}, "ocspResponderURL": "", "externalAccountBindingRequired": false } }
            """);
        Start("/usr/bin/pebble", ["-config", Path.Combine(_folder.Path, "pebble.json")],
            new() { ["PEBBLE_VA_ALWAYS_VALID"] = "1", ["PEBBLE_VA_NOSLEEP"] = "1", ["PEBBLE_WFE_NONCEREJECT"] = "0" });
        await WaitForPortAsync(acmePort);

        await File.WriteAllTextAsync(Path.Combine(_folder.Path, "Caddyfile"), $$"""
            {
                admin off
                skip_install_trust
                http_port {{httpPort}}
                https_port {{HttpsPort}}
                storage file_system {{Path.Combine(_folder.Path, "caddy-data")}}
                acme_ca https://127.0.0.1:{{acmePort}}/dir
                acme_ca_root {{certFile}}
                on_demand_tls {
                    ask {{new Uri(app, "/tls/allowed")}}
                }
            }

            https:// {
                tls {
                    on_demand
                }
                reverse_proxy {{app.Authority}}
            }
            """);
        Start("/usr/bin/caddy", ["run", "--config", Path.Combine(_folder.Path, "Caddyfile"), "--adapter", "caddyfile"],
            new() { ["HOME"] = _folder.Path, ["XDG_DATA_HOME"] = _folder.Path, ["XDG_CONFIG_HOME"] = _folder.Path });
        await WaitForPortAsync(HttpsPort);
    }

    /// <summary>Why the last certificate was refused, for a failure's message.</summary>
    public string? Rejected { get; private set; }

    /// <summary>Pebble's root of this run, which every certificate it issues chains to.</summary>
    public async Task<X509Certificate2> RootAsync()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler);
        return X509Certificate2.CreateFromPem(await http.GetStringAsync($"https://127.0.0.1:{ManagementPort}/roots/0"));
    }

    /// <summary>
    /// A client that reaches any name at Caddy's port on loopback (as DNS would send it there), with the name as its TLS
    /// server name, and trusts only certificates that chain to <paramref name="root"/> and name the host it asked for.
    /// </summary>
    public HttpClient ClientTrusting(X509Certificate2 root, Action<X509Certificate2?> seen)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(IPAddress.Loopback, HttpsPort, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, sent, errors) =>
                {
                    var served = certificate is null ? null : new X509Certificate2(certificate);
                    seen(served);
                    if (served is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(root);

                    // The intermediate the server sent with its certificate.
                    foreach (var element in sent?.ChainElements.Select(e => e.Certificate) ?? [])
                    {
                        chain.ChainPolicy.ExtraStore.Add(element);
                    }

                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    var built = chain.Build(served);
                    Rejected = built ? null : $"{served.Subject} from {served.Issuer}: {errors}; " + string.Join(", ", chain.ChainStatus.Select(c => c.StatusInformation));
                    return built;
                },
            },
        };
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        _folder.Dispose();
    }

    private void Start(string program, string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder.Path };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    /// <summary>What Caddy and Pebble said, for a failure's message.</summary>
    public string Log() => string.Join("\n", _log.TakeLast(60));

    private void Log(string? line)
    {
        if (line is not null)
        {
            _log.Enqueue(line);
        }
    }

    private async Task WaitForPortAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && _processes.All(p => !p.HasExited))
            {
                await tick.WaitForNextTickAsync();
            }
            catch (SocketException)
            {
                throw new InvalidOperationException($"Nothing listens on {port}:\n{Log()}");
            }
        }
    }
}
