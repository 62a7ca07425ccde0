using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Options;
using SmartSender.Core.Dns;
using IDnsResolver = SmartSender.Core.Dns.IDnsResolver;

namespace SmartSender.Tests.Fixtures;

/// <summary>
/// A real authoritative DNS server on 127.0.0.1 (ARSoft.Tools.Net, UDP and TCP) serving the zone a test sets.
/// Unknown names are NXDOMAIN; a name marked as timing out never gets an answer.
/// </summary>
public sealed class TestDnsServer : IDisposable
{
    private readonly DnsServer _server;
    private readonly ConcurrentDictionary<string, List<TestDnsRecord>> _zone = new(StringComparer.OrdinalIgnoreCase);

    public TestDnsServer()
    {
        (Port, _server) = Start();

        // The first answer pays for JIT compilation on both sides; a test with a short timeout should not.
        Add("warm-up.test", TestDnsRecord.A("127.0.0.1"));
        CreateResolver(5000).AddressesAsync("warm-up.test", ipv6: false).GetAwaiter().GetResult();
        Clear();
    }

    public int Port { get; }

    /// <summary>A resolver as the app builds it, pointed at this server only.</summary>
    public IDnsResolver CreateResolver(int timeoutMilliseconds = 5000) =>
        new DnsClientResolver(Options.Create(new DnsOptions { Servers = [$"127.0.0.1:{Port}"], TimeoutMilliseconds = timeoutMilliseconds, Retries = 0 }));

    public void Clear() => _zone.Clear();

    public void Add(string name, TestDnsRecord record) => _zone.GetOrAdd(Normalize(name), _ => []).Add(record);

    /// <summary>Publishes records exactly as SmartSender shows them to users.</summary>
    public void Publish(IEnumerable<SmartSender.Core.Domains.PublishedRecord> records)
    {
        foreach (var record in records)
        {
            Add(record.FullName, record.Type == "CNAME" ? TestDnsRecord.Cname(record.Value) : TestDnsRecord.Txt([.. record.ValueStrings]));
        }
    }

    public void Remove(string name) => _zone.TryRemove(Normalize(name), out _);

    public void Dispose() => _server.Stop();

    private static string Normalize(string name) => name.TrimEnd('.').ToLowerInvariant();

    private Task OnQueryReceivedAsync(object sender, QueryReceivedEventArgs e)
    {
        if (e.Query is not DnsMessage query || query.Questions.Count != 1)
        {
            return Task.CompletedTask;
        }

        var question = query.Questions[0];
        var name = Normalize(question.Name.ToString());
        if (_zone.TryGetValue(name, out var entries) && entries.Any(r => r.Type == "TIMEOUT"))
        {
            return Task.CompletedTask;
        }

        var response = query.CreateResponseInstance();
        response.IsAuthoritiveAnswer = true;
        response.ReturnCode = Answer(name, question.RecordType, response.AnswerRecords, depth: 0);
        e.Response = response;
        return Task.CompletedTask;
    }

    private ReturnCode Answer(string name, RecordType type, List<DnsRecordBase> answers, int depth)
    {
        if (!_zone.TryGetValue(name, out var entries))
        {
            return ReturnCode.NxDomain;
        }

        var owner = DomainName.Parse(name);
        if (type != RecordType.CName && entries.FirstOrDefault(r => r.Type == "CNAME") is { } cname && depth < 8)
        {
            answers.Add(new CNameRecord(owner, 60, DomainName.Parse(cname.Value)));
            var target = Normalize(cname.Value);
            return _zone.ContainsKey(target) ? Answer(target, type, answers, depth + 1) : ReturnCode.NoError;
        }

        // Zone rule of the SPF suite: an SPF entry is also served as TXT unless the name has TXT entries of its own.
        var txt = entries.Where(r => r.Type == "TXT").ToList();
        if (txt.Count == 0)
        {
            txt = [.. entries.Where(r => r.Type == "SPF")];
        }

        foreach (var record in type == RecordType.Txt ? txt : entries.Where(r => r.Type == type.ToString().ToUpperInvariant()))
        {
            if (ToRecord(owner, record) is { } built)
            {
                answers.Add(built);
            }
        }

        return ReturnCode.NoError;
    }

    private static DnsRecordBase? ToRecord(DomainName owner, TestDnsRecord record) => record.Type switch
    {
        "TXT" or "SPF" when record.Strings is ["NONE"] => null,
        // Raw RDATA, so that non-ASCII bytes reach the client as they are (the library's TXT type sends ASCII).
        "TXT" or "SPF" => new UnknownRecord(owner, RecordType.Txt, RecordClass.INet, 60, TxtData(record.Strings)),
        "A" => new ARecord(owner, 60, IPAddress.Parse(record.Value)),
        "AAAA" => new AaaaRecord(owner, 60, IPAddress.Parse(record.Value)),
        "MX" => new MxRecord(owner, 60, (ushort)record.Preference, record.Value.Length == 0 ? DomainName.Root : DomainName.Parse(record.Value)),
        "PTR" => new PtrRecord(owner, 60, DomainName.Parse(record.Value)),
        "CNAME" => new CNameRecord(owner, 60, DomainName.Parse(record.Value)),
        _ => null,
    };

    private static byte[] TxtData(IEnumerable<string> strings)
    {
        var data = new List<byte>();
        foreach (var text in strings)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            data.Add((byte)bytes.Length);
            data.AddRange(bytes);
        }

        return [.. data];
    }

    // A port free for UDP may still be taken for TCP (every loopback client holds an ephemeral port); then another is tried.
    private (int Port, DnsServer Server) Start()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var endpoint = new IPEndPoint(IPAddress.Loopback, port);
            var server = new DnsServer(new UdpServerTransport(endpoint), new TcpServerTransport(endpoint));
            server.QueryReceived += OnQueryReceivedAsync;
            try
            {
                server.Start();
                return (port, server);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 20)
            {
                StopHalfStarted(server);
            }
        }
    }

    // The UDP side may be listening already; whatever the half-started server says while it stops is of no use here.
    private static void StopHalfStarted(DnsServer server)
    {
        try
        {
            server.Stop();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or NullReferenceException or SocketException or InvalidOperationException)
        {
        }
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}

/// <summary>One record of a test zone. TXT values may be several strings; TIMEOUT marks a name that never answers.</summary>
public sealed record TestDnsRecord(string Type, string Value, IReadOnlyList<string> Strings, int Preference = 0)
{
    public static TestDnsRecord Txt(params string[] strings) => new("TXT", string.Concat(strings), strings);

    public static TestDnsRecord A(string address) => new("A", address, []);

    public static TestDnsRecord Aaaa(string address) => new("AAAA", address, []);

    public static TestDnsRecord Mx(int preference, string host) => new("MX", host, [], preference);

    public static TestDnsRecord Ptr(string name) => new("PTR", name, []);

    public static TestDnsRecord Cname(string target) => new("CNAME", target, []);

    public static TestDnsRecord Spf(params string[] strings) => new("SPF", string.Concat(strings), strings);

    public static TestDnsRecord Timeout() => new("TIMEOUT", "", []);
}
