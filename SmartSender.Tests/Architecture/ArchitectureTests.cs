using Xunit.Abstractions;

namespace SmartSender.Tests.Architecture;

public class ArchitectureTests(ITestOutputHelper output)
{
    private static readonly FolderGraph Graph = FolderGraph.Of(typeof(Core.Messages.Message).Assembly.Location);

    [Fact]
    public void Print()
    {
        foreach (var (folder, uses) in Graph.Uses.OrderBy(p => p.Key))
        {
            output.WriteLine($"{folder}: {string.Join(", ", uses.Order())}");
            foreach (var to in uses.Order())
            {
                output.WriteLine($"  {folder} -> {to}: {Graph.Evidence[(folder, to)]}");
            }
        }

        foreach (var cycle in Graph.Cycles())
        {
            output.WriteLine("cycle: " + string.Join(", ", cycle));
        }

        output.WriteLine(string.Join(", ", Graph.AssemblyReferences));
    }
}
