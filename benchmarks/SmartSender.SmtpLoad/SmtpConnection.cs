using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace SmartSender.SmtpLoad;

/// <summary>
/// One SMTP submission connection spoken over a plain socket, as smtp-source speaks it: EHLO, STARTTLS, AUTH PLAIN
/// once, then each message with MAIL, RCPT and DATA sent together (PIPELINING) and its content in one write.
/// </summary>
internal sealed class SmtpConnection : IDisposable
{
    private readonly TcpClient _client;
    private Stream _stream;
    private readonly byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    private SmtpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<SmtpConnection> OpenAsync(string host, int port, string key)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(host, port);
        var connection = new SmtpConnection(client);
        await connection.ExpectAsync(220);
        await connection.CommandAsync("EHLO load.test\r\n", 250);
        await connection.CommandAsync("STARTTLS\r\n", 220);
        var tls = new SslStream(connection._stream, false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync(host);
        connection._stream = tls;
        await connection.CommandAsync("EHLO load.test\r\n", 250);
        await connection.CommandAsync($"AUTH PLAIN {Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0apikey\0{key}"))}\r\n", 235);
        return connection;
    }

    /// <summary>Sends one message; returns the final reply's code and its text.</summary>
    public async Task<(int Code, string Text)> SendAsync(string from, string to, byte[] content)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes($"MAIL FROM:<{from}>\r\nRCPT TO:<{to}>\r\nDATA\r\n"));
        await _stream.FlushAsync();
        var mail = await ReplyAsync();
        var rcpt = await ReplyAsync();
        var data = await ReplyAsync();
        if (mail.Code != 250 || rcpt.Code != 250 || data.Code != 354)
        {
            if (data.Code == 354)
            {
                await _stream.WriteAsync(".\r\n"u8.ToArray());
                await ReplyAsync();
            }

            return mail.Code != 250 ? mail : rcpt.Code != 250 ? rcpt : data;
        }

        await _stream.WriteAsync(content);
        await _stream.FlushAsync();
        return await ReplyAsync();
    }

    private async Task CommandAsync(string command, int expected)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(command));
        await _stream.FlushAsync();
        await ExpectAsync(expected);
    }

    private async Task ExpectAsync(int expected)
    {
        var (code, text) = await ReplyAsync();
        if (code != expected)
        {
            throw new IOException($"expected {expected}, got {code} {text}");
        }
    }

    /// <summary>A whole reply, its continuation lines ("250-…") read through to the last ("250 …").</summary>
    private async Task<(int Code, string Text)> ReplyAsync()
    {
        while (true)
        {
            var line = await LineAsync();
            if (line.Length < 3)
            {
                throw new IOException("short reply: " + line);
            }

            if (line.Length == 3 || line[3] == ' ')
            {
                return (int.Parse(line[..3]), line.Length > 4 ? line[4..] : "");
            }
        }
    }

    private async Task<string> LineAsync()
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var line = Encoding.ASCII.GetString(_buffer, _start, newline - _start).TrimEnd('\r');
                _start = newline + 1;
                return line;
            }

            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                (_end, _start) = (_end - _start, 0);
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end));
            if (read == 0)
            {
                throw new IOException("connection closed");
            }

            _end += read;
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }
}
