using Microsoft.EntityFrameworkCore;

namespace SmartSender.Core.Persistence;

/// <summary>
/// A change a feature makes to the model on PostgreSQL only (the queue's partial indexes:
/// <see cref="Messages.QueueIndexes"/>). <see cref="PostgresSmartSenderDbContext"/> finds the changes in this assembly
/// (<see cref="AssemblyParts"/>) and applies them after the entity configurations.
/// </summary>
public interface IPostgresModelChange
{
    void Apply(ModelBuilder builder);
}
