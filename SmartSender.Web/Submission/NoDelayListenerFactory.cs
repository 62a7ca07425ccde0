using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace SmartSender.Web.Submission;

/// <summary>
/// Listens as the SMTP library's own factory does, but with Nagle's algorithm off on every connection. The library
/// flushes one reply per command; with PIPELINING a client sends MAIL, RCPT and DATA together, and the second reply,
/// held back until the first is acknowledged, met the client's delayed ACK: 40 ms of nothing per message.
/// </summary>
public sealed class NoDelayListenerFactory(Action<IEndpointDefinition, EndPoint> started) : IEndpointListenerFactory
{
    public IEndpointListener CreateListener(IEndpointDefinition endpoint)
    {
        var listener = new TcpListener(endpoint.Endpoint);
        listener.Start();
        started(endpoint, listener.LocalEndpoint);
        return new Listener(listener);
    }

    private sealed class Listener(TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            context.Properties[EndpointListener.LocalEndPointKey] = listener.LocalEndpoint;
            context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
            return new Connection(client);
        }

        public void Dispose() => listener.Stop();
    }

    /// <summary>The connection's stream as pipes, TLS once the session asks for it (STARTTLS, or at once on the TLS port).</summary>
    private sealed class Connection : ISecurableDuplexPipe
    {
        private readonly TcpClient _client;
        private Stream _stream;

        public Connection(TcpClient client)
        {
            _client = client;
            _stream = client.GetStream();
            (Input, Output) = (PipeReader.Create(_stream), PipeWriter.Create(_stream));
        }

        public PipeReader Input { get; private set; }

        public PipeWriter Output { get; private set; }

        public bool IsSecure => _stream is SslStream;

        public SslProtocols SslProtocol => (_stream as SslStream)?.SslProtocol ?? SslProtocols.None;

        public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
        {
            var tls = new SslStream(_stream, leaveInnerStreamOpen: true);
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = protocols, ClientCertificateRequired = false }, cancellationToken);
            _stream = tls;
            (Input, Output) = (PipeReader.Create(_stream), PipeWriter.Create(_stream));
        }

        public void Dispose()
        {
            _stream.Dispose();
            _client.Dispose();
        }
    }
}
