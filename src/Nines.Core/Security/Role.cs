namespace Nines.Core.Security;

/// <summary>
/// What a user or token may do inside its tenant. Roles are ordered: each one includes every
/// right of the roles below it (viewer &lt; responder &lt; editor &lt; admin).
/// </summary>
public enum Role
{
    /// <summary>Reads dashboards, queries, incidents.</summary>
    Viewer = 1,

    /// <summary>Viewer, plus acknowledges pages and works incidents.</summary>
    Responder = 2,

    /// <summary>Responder, plus changes configuration: SLOs, rules, schedules.</summary>
    Editor = 3,

    /// <summary>Editor, plus users, tokens and the audit log.</summary>
    Admin = 4,
}
