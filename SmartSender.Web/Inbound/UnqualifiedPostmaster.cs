using System.Buffers;
using System.IO.Pipelines;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace SmartSender.Web.Inbound;

/// <summary>
/// RFC 5321 §4.5.1: every SMTP server accepts <c>RCPT TO:&lt;Postmaster&gt;</c>, with no domain. The SMTP library
/// parses only addresses with a domain, so each connection of the inbound listener passes the client's commands
/// through here, where that one command becomes <c>RCPT TO:&lt;postmaster@postmaster.invalid&gt;</c> (a reserved
/// name, RFC 2606) that the listener reads back as "no domain". Message content is never touched: from the server's
/// 354 to the lone dot, bytes pass as they came.
/// </summary>
public sealed partial class UnqualifiedPostmaster(IEndpointListenerFactory inner) : IEndpointListenerFactory
{
    public const string Host = "postmaster.invalid";

    /// <summary>A command line longer than this is no RCPT (RFC 5321 §4.5.3.1.4 allows 512 bytes) and passes as it is.</summary>
    private const int MaxCommandLine = 4096;

    public IEndpointListener CreateListener(IEndpointDefinition endpoint) => new Listener(inner.CreateListener(endpoint));

    /// <summary>The user part as the listener should see it: "postmaster" at the reserved host is postmaster with no domain.</summary>
    public static string HostOf(string host) => host.Equals(Host, StringComparison.OrdinalIgnoreCase) ? "" : host;

    [GeneratedRegex(@"^RCPT TO: ?<postmaster>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RcptPostmaster();

    private sealed class Listener(IEndpointListener inner) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken) =>
            new Connection(await inner.GetPipeAsync(context, cancellationToken));

        public void Dispose() => inner.Dispose();
    }

    private sealed class Connection : ISecurableDuplexPipe
    {
        private readonly ISecurableDuplexPipe _inner;
        // Never paused: the library reads a message's content whole before it consumes any of it, and the listener's
        // size limit bounds it.
        private readonly Pipe _commands = new(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0));
        private readonly ReplyWatcher _replies;
        private readonly CancellationTokenSource _closing = new();
        private bool _inData;
        private bool _midLine;

        public Connection(ISecurableDuplexPipe inner)
        {
            _inner = inner;
            _replies = new ReplyWatcher(inner.Output);
            _ = Task.Run(PumpAsync);
        }

        public PipeReader Input => _commands.Reader;

        public PipeWriter Output => _replies;

        public bool IsSecure => _inner.IsSecure;

        public SslProtocols SslProtocol => _inner.SslProtocol;

        // The inbound listener offers no STARTTLS; a listener that does must not use this connection.
        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The inbound listener offers no STARTTLS");

        public void Dispose()
        {
            _closing.Cancel();
            _inner.Dispose();
        }

        private async Task PumpAsync()
        {
            var writer = _commands.Writer;
            try
            {
                while (true)
                {
                    var read = await _inner.Input.ReadAsync(_closing.Token);
                    var buffer = read.Buffer;

                    // The client sends content only after the server's 354, which the watcher saw before it left.
                    _inData |= _replies.TakeStartOfData();
                    var consumed = Forward(buffer, writer, read.IsCompleted);
                    _inner.Input.AdvanceTo(consumed, buffer.End);
                    var flushed = await writer.FlushAsync(_closing.Token);
                    if (read.IsCompleted || flushed.IsCompleted)
                    {
                        break;
                    }
                }

                await writer.CompleteAsync();
            }
            catch (Exception ex)
            {
                await writer.CompleteAsync(ex is ObjectDisposedException ? new OperationCanceledException() : ex);
            }
        }

        /// <summary>Passes on every whole line (and, in content, every partial one), rewriting the one command.</summary>
        private SequencePosition Forward(ReadOnlySequence<byte> buffer, PipeWriter writer, bool final)
        {
            var reader = new SequenceReader<byte>(buffer);
            while (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n', advancePastDelimiter: true))
            {
                var whole = buffer.Slice(line.Start, reader.Position);
                if (_inData)
                {
                    // The lone dot ends the content (RFC 5321 §4.1.1.4); a dot line's bytes pass either way.
                    if (!_midLine && IsLoneDot(line))
                    {
                        _inData = false;
                    }

                    _midLine = false;
                    Write(writer, whole);
                }
                else
                {
                    WriteCommand(writer, whole);
                }
            }

            var rest = buffer.Slice(reader.Position);
            if (rest.Length > 0 && (_inData || final || rest.Length > MaxCommandLine))
            {
                Write(writer, rest);
                _midLine = _inData;
                return buffer.End;
            }

            return reader.Position;
        }

        // Only CR LF . CR LF ends the content; a dot on a bare LF line is content.
        private static bool IsLoneDot(ReadOnlySequence<byte> line) => line.Length == 2 && line.ToArray() is [(byte)'.', (byte)'\r'];

        private static void WriteCommand(PipeWriter writer, ReadOnlySequence<byte> line)
        {
            if (line.Length <= MaxCommandLine)
            {
                var text = Encoding.Latin1.GetString(line);
                var match = RcptPostmaster().Match(text);
                if (match.Success)
                {
                    writer.Write(Encoding.Latin1.GetBytes($"RCPT TO:<postmaster@{Host}>{text[match.Length..]}"));
                    return;
                }
            }

            Write(writer, line);
        }

        private static void Write(PipeWriter writer, ReadOnlySequence<byte> bytes)
        {
            foreach (var segment in bytes)
            {
                writer.Write(segment.Span);
            }
        }
    }

    /// <summary>The server's side of the connection, passed on unchanged, noting each 354 (start mail input).</summary>
    private sealed class ReplyWatcher(PipeWriter inner) : PipeWriter
    {
        private readonly byte[] _head = new byte[4];
        private Memory<byte> _lent;
        private int _column;
        private int _dataStarted;

        /// <summary>Whether a 354 went out since the last call.</summary>
        public bool TakeStartOfData() => Interlocked.Exchange(ref _dataStarted, 0) == 1;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _lent = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            foreach (var b in _lent.Span[..bytes])
            {
                if (_column < _head.Length)
                {
                    _head[_column] = b;
                }

                _column++;
                if (b == (byte)'\n')
                {
                    if (_column > _head.Length && _head.AsSpan().SequenceEqual("354 "u8))
                    {
                        Volatile.Write(ref _dataStarted, 1);
                    }

                    _column = 0;
                }
            }

            inner.Advance(bytes);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);
    }
}
