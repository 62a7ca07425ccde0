using Microsoft.EntityFrameworkCore;

namespace SmartSender.Core.Persistence;

/// <summary>
/// Work a feature does inside the transaction of a save that stores its kind of rows (new message events, which
/// <see cref="Messages.SavedEvents"/> hands to the event writer). <see cref="SmartSenderDbContext"/> finds the steps in this assembly
/// (<see cref="AssemblyParts"/>) and runs them in every <c>SaveChangesAsync</c> that needs them.
/// </summary>
public interface ISaveStep
{
    /// <summary>
    /// What this save needs of the step, read from the change tracker alone before anything is written; null when the
    /// save needs nothing of it.
    /// </summary>
    ISaveStepRun? Prepare(DbContext db);
}

/// <summary>One save's run of an <see cref="ISaveStep"/>.</summary>
public interface ISaveStepRun
{
    /// <summary>
    /// Before the save's statements, in its transaction and (on SQLite) its write turn. Leaves the change tracker as the
    /// save must find it: the save detects no changes after the steps, so a step may let go of rows it writes itself.
    /// </summary>
    Task BeforeSaveAsync(CancellationToken ct);

    /// <summary>After the save's statements, before its commit, in the same transaction.</summary>
    Task BeforeCommitAsync(CancellationToken ct);

    /// <summary>Once the save is committed.</summary>
    void Committed();
}
