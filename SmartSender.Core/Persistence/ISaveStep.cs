using Microsoft.EntityFrameworkCore;

namespace SmartSender.Core.Persistence;

/// <summary>
/// Work a feature does inside the transaction of a save that stores its kind of rows (the rollups of new message
/// events: <see cref="Messages.EventRollups"/>). <see cref="SmartSenderDbContext"/> finds the steps in this assembly, as
/// it finds the entity configurations (each made once, with its parameterless constructor), and runs them in every
/// <c>SaveChangesAsync</c> that needs them.
/// </summary>
public interface ISaveStep
{
    /// <summary>Whether this save needs the step; asked before anything is written, so it must only read the change tracker.</summary>
    bool Applies(DbContext db);

    /// <summary>Before the save, in its transaction and (on SQLite) its write turn: what the step will need after it.</summary>
    Task<ISaveStepRun> StartAsync(DbContext db, CancellationToken ct);
}

/// <summary>One save's run of an <see cref="ISaveStep"/>.</summary>
public interface ISaveStepRun
{
    /// <summary>After the save's statements, before its commit, in the same transaction.</summary>
    Task BeforeCommitAsync(CancellationToken ct);

    /// <summary>Once the save is committed.</summary>
    void Committed();
}
