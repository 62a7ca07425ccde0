namespace SmartSender.Tests.Fixtures;

/// <summary>
/// Tests that count database reads a cache saved. Table versions are process-wide, so another test's write to the
/// same table would cost a read; these run with no other test beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TableVersionsCollection
{
    public const string Name = "Table versions";
}
