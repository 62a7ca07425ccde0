namespace SmartSender.Tests.Fixtures;

/// <summary>
/// Tests that start the whole web app run one class at a time: Hangfire keeps process-wide state
/// (its current storage and serializer settings), and two cores are better spent on one app at a time.
/// </summary>
[CollectionDefinition(Name)]
public class AppCollection
{
    public const string Name = "web app";
}
