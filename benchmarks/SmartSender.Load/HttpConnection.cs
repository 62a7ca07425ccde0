using System.Net.Sockets;
using System.Text;

namespace SmartSender.Load;

/// <summary>
/// One keep-alive HTTP/1.1 connection: writes a whole request, reads the status line, the headers and the body
/// (Content-Length or chunked) of the response. Just enough of the protocol for the send API's answers.
/// </summary>
internal sealed class HttpConnection : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    private HttpConnection(Socket socket) => _socket = socket;

    public static async Task<HttpConnection> OpenAsync(string host, int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host, port);
        return new HttpConnection(socket);
    }

    /// <summary>Sends <paramref name="request"/> and reads its response; false when the server closes the connection after it.</summary>
    public async Task<(int Status, bool KeepAlive)> PostAsync(byte[] request)
    {
        for (var sent = 0; sent < request.Length;)
        {
            sent += await _socket.SendAsync(request.AsMemory(sent), SocketFlags.None);
        }

        var statusLine = await ReadLineAsync();
        var status = int.Parse(statusLine.AsSpan(9, 3), provider: null);
        long? length = null;
        var chunked = false;
        var keepAlive = true;
        for (var line = await ReadLineAsync(); line.Length > 0; line = await ReadLineAsync())
        {
            var colon = line.IndexOf(':');
            var (name, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = long.Parse(value, provider: null);
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                keepAlive = !value.Equals("close", StringComparison.OrdinalIgnoreCase);
            }
        }

        if (chunked)
        {
            for (var size = await ChunkSizeAsync(); size > 0; size = await ChunkSizeAsync())
            {
                await SkipAsync(size + 2);
            }

            // Trailers, then the empty line.
            while ((await ReadLineAsync()).Length > 0)
            {
            }
        }
        else
        {
            await SkipAsync(length ?? 0);
        }

        return (status, keepAlive);
    }

    public void Dispose() => _socket.Dispose();

    private async Task<long> ChunkSizeAsync()
    {
        var line = await ReadLineAsync();
        var end = line.IndexOf(';');
        return Convert.ToInt64(end < 0 ? line : line[..end], 16);
    }

    private async Task<string> ReadLineAsync()
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

            await FillAsync();
        }
    }

    private async Task SkipAsync(long count)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                await FillAsync();
            }

            var taken = (int)Math.Min(count, _end - _start);
            _start += taken;
            count -= taken;
        }
    }

    private async Task FillAsync()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            (_end, _start) = (_end - _start, 0);
        }

        if (_end == _buffer.Length)
        {
            throw new IOException("A response line is longer than the buffer.");
        }

        var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
        if (read == 0)
        {
            throw new IOException("The server closed the connection.");
        }

        _end += read;
    }
}
