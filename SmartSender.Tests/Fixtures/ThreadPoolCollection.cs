namespace SmartSender.Tests.Fixtures;

/// <summary>
/// Tests that make the process's thread pool grow and read every thread's state. They run with no other test
/// beside them, which would hold pool threads or change the pool's settings meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadPoolCollection
{
    public const string Name = "Thread pool";
}
