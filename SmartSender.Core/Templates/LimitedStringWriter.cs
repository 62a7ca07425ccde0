namespace SmartSender.Core.Templates;

/// <summary>Collects rendered output and stops a template that writes more than <paramref name="limit"/> characters.</summary>
internal sealed class LimitedStringWriter(int limit, System.Text.StringBuilder output) : StringWriter(output)
{
    public override void Write(char value)
    {
        Check(1);
        base.Write(value);
    }

    public override void Write(string? value)
    {
        Check(value?.Length ?? 0);
        base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Check(count);
        base.Write(buffer, index, count);
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        Check(buffer.Length);
        base.Write(buffer);
    }

    private void Check(int adding)
    {
        if (GetStringBuilder().Length + adding > limit)
        {
            throw new OutputLimitExceededException();
        }
    }
}

internal sealed class OutputLimitExceededException : Exception;
