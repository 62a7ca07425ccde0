using System.Text;
using MailKit;

namespace SmartSender.Core.Delivery.Smtp;

/// <summary>
/// Keeps the last reply the server finished, so a refusal stays known when the server hangs up right after it
/// (a 421 ends the session, and MailKit's RSET that follows fails on the closed socket).
/// </summary>
internal sealed class ReplyRecorder : IProtocolLogger
{
    private readonly StringBuilder _line = new();
    private readonly List<string> _lines = [];

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    /// <summary>The last complete reply, its lines joined; null when none was seen since <see cref="Clear"/>.</summary>
    public (int Code, string Text)? Last { get; private set; }

    public void Clear() => Last = null;

    public void LogConnect(Uri uri)
    {
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
        for (var i = offset; i < offset + count; i++)
        {
            var c = (char)buffer[i];
            if (c == '\n')
            {
                EndLine(_line.ToString().TrimEnd('\r'));
                _line.Clear();
            }
            else if (_line.Length < 1000)
            {
                _line.Append(c);
            }
        }
    }

    private void EndLine(string line)
    {
        if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out var code))
        {
            return;
        }

        _lines.Add(line.Length > 4 ? line[4..] : "");
        if (line.Length == 3 || line[3] == ' ')
        {
            Last = (code, string.Join("\n", _lines));
            _lines.Clear();
        }
    }

    public void Dispose()
    {
    }
}
